import Foundation
import Git
import InstructLabValidation
import Platform
import Synchronization

/// A read-only tree of the taxonomy's leaves at one commit, written under
/// `.modelbuild/snapshots/<commit>/` for stages (`context.json`'s `taxonomy.path`).
///
/// It holds only the regular files directly in leaf folders (`qna.yaml`,
/// `attribution.txt`, …), at the leaves' paths; symlinks, submodules and refused
/// entries are never written. A knowledge leaf's fetched documents are written under its
/// folder in `documents/` (see `documentFileName(at:of:path:)`). Files are 0444 and
/// folders 0555. The tree is written in a temporary folder beside it, flushed to disk,
/// then renamed into place, so a snapshot that exists is complete and is reused as it
/// is. Its name is `<commit>-v<layout>`, or `<commit>-<digest of folders>-v<layout>` for
/// folders other than the default `compositional_skills` and `knowledge`: a snapshot
/// written under other rules (an older size limit) is never taken for one written under
/// these.
///
/// A new snapshot shares the files an earlier snapshot already holds (`sharing:`): a file
/// whose blob is the one at the same path in the earlier snapshot's tree becomes another
/// name of that read-only file (`link(2)`) instead of being read from git and written
/// again. A taxonomy of 1,000 leaves has 2,000 such files, and on a busy ext4 file system
/// allocating their inodes was most of a candidate's own time. Only regular read-only files
/// are shared; anything else at the earlier path, or a failed link, falls back to writing.
public struct TaxonomySnapshot: Sendable, Hashable {
    /// The snapshot's root folder.
    public let directory: URL
    /// The commit it shows.
    public let commit: ObjectID
    /// True when the snapshot already existed and was reused.
    public let isReused: Bool
    /// Files left out for being over the size limit (taxonomy paths); empty when reused.
    public let omittedFiles: [String]

    /// Creates a record from its parts.
    public init(directory: URL, commit: ObjectID, isReused: Bool, omittedFiles: [String]) {
        self.directory = directory
        self.commit = commit
        self.isReused = isReused
        self.omittedFiles = omittedFiles
    }

    /// Bumped when what a snapshot holds changes (the size limit, which files are
    /// written). 2: the one 2 MiB limit of `TaxonomyLayout.maxLeafBytes`. 3: knowledge
    /// leaves' documents in `<leaf>/documents/`.
    public static let layoutVersion = 3

    /// The snapshot folder's name for `commit` and `folders`, without the leaves
    /// `skipped` lists (a build's `taxonomy.exclude` and `on_invalid: skip`).
    public static func name(for commit: ObjectID, folders: [String], skipped: [String] = []) -> String {
        let version = "-v\(layoutVersion)"
        if folders == TaxonomyLayout.defaultFolders, skipped.isEmpty { return commit.hex + version }
        var identity = folders.joined(separator: "\n")
        if !skipped.isEmpty { identity += "\n\0skipped\n" + skipped.sorted().joined(separator: "\n") }
        return commit.hex + "-" + SHA256Digest.hex(identity).prefix(12) + version
    }

    /// Where the snapshot of `tree` (without `skipped`) is or will be under
    /// `snapshotsDirectory`, without touching the disk: a plan names it, only a build
    /// writes it.
    public static func directory(of tree: TaxonomyTree, in snapshotsDirectory: URL, skipped: [String] = []) -> URL {
        snapshotsDirectory.appendingPathComponent(
            name(for: tree.commit, folders: tree.folders, skipped: skipped), isDirectory: true)
    }

    /// An earlier snapshot a new one may share files with: the tree it shows and its folder.
    public struct Earlier: Sendable {
        public let tree: TaxonomyTree
        public let directory: URL

        /// Creates a record from its parts.
        public init(tree: TaxonomyTree, directory: URL) {
            self.tree = tree
            self.directory = directory
        }
    }

    /// A complete snapshot of `commit` under `snapshotsDirectory` in this layout, whatever
    /// its folders and skipped leaves (any of them holds the commit's blobs at their
    /// paths), or nil.
    public static func existingDirectory(of commit: ObjectID, in snapshotsDirectory: URL) -> URL? {
        guard let names = try? FileSystem.listDirectory(snapshotsDirectory.path) else { return nil }
        let suffix = "-v\(layoutVersion)"
        return names.filter { $0.hasPrefix(commit.hex) && $0.hasSuffix(suffix) }.sorted().first.map {
            snapshotsDirectory.appendingPathComponent($0, isDirectory: true)
        }
    }

    /// Writes (or reuses) the snapshot of `tree`'s leaves (all but `skipped`, which `tree`
    /// no longer lists) under `snapshotsDirectory`, with
    /// `documents` (by leaf path, as `KnowledgeDocumentCache` read them) in the knowledge
    /// leaves' `documents/` folders. Files over `maxFileBytes` (a leaf's `qna.yaml` never
    /// is: the tree refuses such a leaf) are left out and listed in `omittedFiles`;
    /// documents have the cache's own limits.
    ///
    /// - Throws: `.fileSystem` when a folder or file cannot be written, or a git failure.
    public static func materialize(
        _ tree: TaxonomyTree, from repository: Repository, in snapshotsDirectory: URL,
        documents: [String: KnowledgeDocumentSet] = [:], maxFileBytes: Int = TaxonomyLayout.maxLeafBytes,
        skipped: [String] = [], sharing earlier: Earlier? = nil
    ) throws(TaxonomyError) -> TaxonomySnapshot {
        let final = directory(of: tree, in: snapshotsDirectory, skipped: skipped)
        if FileManager.default.fileExists(atPath: final.path) {
            return TaxonomySnapshot(directory: final, commit: tree.commit, isReused: true, omittedFiles: [])
        }
        do {
            try FileManager.default.createDirectory(at: snapshotsDirectory, withIntermediateDirectories: true)
        } catch {
            throw TaxonomyError(
                kind: .fileSystem(errno: nil), operation: "create the snapshots folder",
                subject: snapshotsDirectory.path, message: error.localizedDescription)
        }
        let staging = snapshotsDirectory.appendingPathComponent(".\(final.lastPathComponent).partial-\(UUID().uuidString)")
        do throws(TaxonomyError) {
            let omitted = try write(
                tree, from: repository, documents: documents, into: staging, maxFileBytes: maxFileBytes,
                sharing: earlier)
            try flushFileSystem(staging)
            let renamed: Bool
            do {
                renamed = try FileSystem.renameDirectoryIfAbsent(staging.path, final.path)
            } catch {
                throw TaxonomyError.fileSystem("publish the snapshot", error)
            }
            if !renamed {
                // Another process made the same snapshot meanwhile: it is identical.
                remove(staging)
                return TaxonomySnapshot(directory: final, commit: tree.commit, isReused: true, omittedFiles: [])
            }
            return TaxonomySnapshot(directory: final, commit: tree.commit, isReused: false, omittedFiles: omitted)
        } catch {
            remove(staging)
            throw error
        }
    }

    /// Deletes a snapshot (or a partial one), making its folders writable first.
    public static func remove(_ directory: URL) {
        try? FileSystem.removeTree(directory.path)
    }

    private static func write(
        _ tree: TaxonomyTree, from repository: Repository, documents: [String: KnowledgeDocumentSet], into root: URL,
        maxFileBytes: Int, sharing earlier: Earlier?
    ) throws(TaxonomyError) -> [String] {
        // Paths as strings: a URL made for each of a taxonomy's thousands of folders and
        // files cost a fifth of writing them.
        let root = root.path
        let earlierRoot = earlier?.directory.path
        try makeDirectory(root, mode: 0o755)
        var earlierBlobs: [String: ObjectID] = [:]
        for leaf in earlier?.tree.leaves ?? [] {
            earlierBlobs[leaf.qnaPath] = leaf.qnaBlobID
            for file in leaf.siblings where file.kind.isReadableFile {
                earlierBlobs[leaf.path.text + "/" + file.name] = file.blobID
            }
        }
        // The folders above leaves' own folders first; then each leaf's own folder and the
        // files shared with the earlier snapshot, a part of the leaves on each core (a
        // folder and two links a leaf: the kernel's work, most of a snapshot's time).
        var folders: Set<String> = []
        for leaf in tree.leaves {
            var folder = ""
            for component in leaf.path.components.dropLast() {
                folder += folder.isEmpty ? String(component) : "/" + component
                if folders.insert(folder).inserted {
                    try makeDirectory(root + "/" + folder, mode: 0o755)
                }
            }
        }
        let (leaves, parents, earlierFiles) = (tree.leaves, folders, earlierBlobs)
        let parts = leaves.count < 64 ? 1 : max(1, min(CurrentProcess.processorCount, 4))
        let bounds = (0...parts).map { $0 * leaves.count / parts }
        let linked = Mutex<[Result<[LeafFile], TaxonomyError>?]>(Array(repeating: nil, count: parts))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let result = Result { () throws(TaxonomyError) -> [LeafFile] in
                try makeLeafFolders(
                    leaves[bounds[part]..<bounds[part + 1]], besides: parents, in: root, sharing: earlierRoot,
                    earlierBlobs: earlierFiles)
            }
            linked.withLock { $0[part] = result }
        }
        var unshared: [LeafFile] = []
        for result in linked.withLock({ $0 }) {
            // Every part stored its result before concurrentPerform returned.
            guard let result else { continue }
            unshared += try result.get()
        }
        for leaf in leaves { folders.insert(leaf.path.text) }
        var omitted: [String] = []
        for (leaf, file) in unshared {
            let path = leaf.path.text + "/" + file.name
            let blob: Blob
            do {
                blob = try repository.readBlob(file.blobID, maxSize: maxFileBytes)
            } catch {
                if case .blobTooLarge = error.kind {
                    omitted.append(path)
                    continue
                }
                throw .git(error, "write the snapshot", path)
            }
            try writeReadOnlyFile(blob.bytes, to: root + "/" + path)
        }
        for leaf in leaves {
            if let set = documents[leaf.path.text] {
                let folder = leaf.path.text + "/" + TaxonomyLayout.snapshotDocumentsFolderName
                try makeDirectory(root + "/" + folder, mode: 0o755)
                folders.insert(folder)
                for (index, file) in set.files.enumerated() {
                    let name = documentFileName(at: index, of: set.files.count, path: file.path)
                    try writeReadOnlyFile(file.bytes, to: root + "/" + folder + "/" + name)
                }
            }
        }
        // Deepest folders first, so each is still writable while its children are made.
        for folder in folders.sorted(by: { $0.count > $1.count }) {
            try setMode(0o555, root + "/" + folder)
        }
        try setMode(0o555, root)
        return omitted.sorted()
    }

    /// A file of a leaf, to be written from git.
    private typealias LeafFile = (leaf: TaxonomyLeaf, file: TaxonomyLeaf.File)

    /// Makes the own folder of each of `leaves` (unless it is one of `parents`, made
    /// already) and gives it the files the earlier snapshot at `earlierRoot` holds with the
    /// same content; returns the files left to write from git, in the leaves' order.
    private static func makeLeafFolders(
        _ leaves: ArraySlice<TaxonomyLeaf>, besides parents: Set<String>, in root: String, sharing earlierRoot: String?,
        earlierBlobs: [String: ObjectID]
    ) throws(TaxonomyError) -> [LeafFile] {
        var unshared: [LeafFile] = []
        for leaf in leaves {
            if !parents.contains(leaf.path.text) {
                try makeDirectory(root + "/" + leaf.path.text, mode: 0o755)
            }
            let files = [TaxonomyLeaf.File(name: TaxonomyLayout.leafFileName, blobID: leaf.qnaBlobID, kind: .file)]
                + leaf.siblings.filter { $0.kind.isReadableFile }
            for file in files {
                let path = leaf.path.text + "/" + file.name
                if let earlierRoot, earlierBlobs[path] == file.blobID,
                    share(earlierRoot + "/" + path, as: root + "/" + path)
                {
                    continue
                }
                unshared.append((leaf, file))
            }
        }
        return unshared
    }

    /// Makes `destination` another name of the earlier snapshot's `source` when that is a
    /// regular read-only file as a snapshot writes them; false (and nothing made) otherwise.
    private static func share(_ source: String, as destination: String) -> Bool {
        // Read-only as written (0444, less what a umask took away), never a link or a folder.
        guard let status = try? FileSystem.status(source), status.isRegularFile, status.permissions & 0o7222 == 0
        else {
            return false
        }
        return (try? FileSystem.hardLink(source, destination)) == true
    }

    static func makeDirectory(_ path: String, mode: UInt32) throws(TaxonomyError) {
        do {
            try FileSystem.makeDirectory(path, permissions: mode)
        } catch {
            throw .fileSystem("create the snapshot folder", error)
        }
    }

    private static func setMode(_ mode: UInt32, _ path: String) throws(TaxonomyError) {
        do {
            try FileSystem.changePermissions(path, mode)
        } catch {
            throw .fileSystem("make the snapshot read-only", error)
        }
    }

    /// Writes a new 0444 file; not fsynced here, `flushFileSystem` flushes them all at once.
    static func writeReadOnlyFile(_ bytes: [UInt8], to path: String) throws(TaxonomyError) {
        do {
            try FileSystem.writeNewFile(bytes, to: path, permissions: 0o444, durable: false)
        } catch {
            throw .fileSystem("write the snapshot file", error)
        }
    }

    /// Flushes the written files before the rename publishes them, so a crash never
    /// leaves a complete-looking snapshot of empty files. One `syncfs` of the snapshot's
    /// file system instead of an `fsync` per file: a taxonomy of 10,000 leaves has 20,000
    /// files.
    private static func flushFileSystem(_ staging: URL) throws(TaxonomyError) {
        do {
            try FileSystem.syncFileSystem(staging.path)
        } catch {
            throw .fileSystem("flush the snapshot", error)
        }
    }
}
