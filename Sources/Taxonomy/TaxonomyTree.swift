import Git
import InstructLabValidation

/// The leaves of the taxonomy at one commit, found in git's trees: every folder under a
/// configured taxonomy folder that holds a regular `qna.yaml`, and every problem on the
/// way (symlinked, misnamed or too large leaf files, submodules, unsafe paths), each
/// reported on its path and never followed.
///
/// Folders that are not configured (`foundational_skills`, `docs`) are never looked at.
/// A configured folder missing from the commit simply holds no leaves.
public struct TaxonomyTree: Sendable {
    /// The commit the leaves were read at.
    public let commit: ObjectID
    /// The configured folders that were searched.
    public let folders: [String]
    /// Every leaf, sorted by path.
    public let leaves: [TaxonomyLeaf]
    /// Every refused entry, sorted by path.
    public let problems: [TaxonomyLeafProblem]

    /// Creates a tree listing from its parts.
    public init(commit: ObjectID, folders: [String], leaves: [TaxonomyLeaf], problems: [TaxonomyLeafProblem]) {
        self.commit = commit
        self.folders = folders
        self.leaves = leaves
        self.problems = problems
    }

    /// Reads the leaves of `folders` at `commit` from `repository`. A leaf whose
    /// `qna.yaml` is over `maxLeafBytes` is not a leaf but a problem (its size is read
    /// from the object header; its content is never loaded).
    ///
    /// - Throws: `TaxonomyError` when git cannot read the commit, a tree or a blob's size.
    public init(
        reading repository: Repository, at commit: ObjectID,
        folders: [String] = TaxonomyLayout.defaultFolders, maxLeafBytes: Int = TaxonomyLayout.maxLeafBytes
    ) throws(TaxonomyError) {
        var scan = LeafScan()
        for folder in folders {
            if let reason = LeafPath.problem(in: folder) {
                scan.problems.append(.unsafe(folder, reason))
                continue
            }
            let entries: [TreeEntry]
            do {
                entries = try repository.treeEntries(in: commit, under: folder)
            } catch {
                switch error.kind {
                case .notFound: continue
                case .notATree(let kind):
                    scan.problems.append(
                        TaxonomyLeafProblem(
                            path: folder, kind: .folderIsNotADirectory,
                            message: "the taxonomy folder is a \(kind.rawValue), not a folder; it holds no leaves"))
                    continue
                default:
                    throw .git(error, "list the leaves at \(commit.hex)", folder)
                }
            }
            do {
                if let id = try repository.treeID(atPath: folder, in: commit) { scan.recordTree(folder, id) }
            } catch {
                throw .git(error, "list the leaves at \(commit.hex)", folder)
            }
            scan.add(entries)
        }
        var leaves: [TaxonomyLeaf] = []
        for leaf in scan.leaves(folders: folders) {
            let size: Int
            do {
                size = try repository.blobSize(leaf.qnaBlobID)
            } catch {
                throw .git(error, "list the leaves at \(commit.hex)", leaf.qnaPath)
            }
            if size > maxLeafBytes {
                scan.problems.append(.tooLarge(leaf.qnaPath, size: size, limit: maxLeafBytes))
            } else {
                leaves.append(leaf)
            }
        }
        self.init(
            commit: commit, folders: folders, leaves: leaves, problems: scan.problems.sorted { $0.path < $1.path })
    }

    /// The leaf at `path`, if any.
    public func leaf(at path: String) -> TaxonomyLeaf? {
        leaves.first { $0.path.text == path }
    }

    /// Reads a leaf's `qna.yaml` through the size cap (`TaxonomyLayout.maxLeafBytes` unless
    /// told).
    ///
    /// - Throws: `.fileTooLarge` for a file over `maxBytes` (its content is never
    ///   loaded), or a git failure.
    public static func readLeafFile(
        _ leaf: TaxonomyLeaf, from repository: Repository, maxBytes: Int = TaxonomyLayout.maxLeafBytes
    ) throws(TaxonomyError) -> [UInt8] {
        do {
            return try repository.readBlob(leaf.qnaBlobID, maxSize: maxBytes).bytes
        } catch {
            if case .blobTooLarge(let size, let limit) = error.kind {
                throw TaxonomyError(
                    kind: .fileTooLarge(size: size, limit: limit), operation: "read the leaf",
                    subject: leaf.qnaPath,
                    message: TaxonomyLayout.tooLargeMessage(size: size, limit: limit))
            }
            throw .git(error, "read the leaf", leaf.qnaPath)
        }
    }
}

/// Collects leaves from tree entries in git's pre-order (a folder before its content).
private struct LeafScan {
    var problems: [TaxonomyLeafProblem] = []
    private var treeIDs: [String: ObjectID] = [:]
    private var leafFiles: [String: ObjectID] = [:]
    private var filesByFolder: [String: [TaxonomyLeaf.File]] = [:]
    /// Entries under these prefixes were refused with their top; nothing below is read.
    private var refusedPrefixes: [String] = []

    mutating func recordTree(_ path: String, _ id: ObjectID) {
        treeIDs[path] = id
    }

    mutating func add(_ entries: [TreeEntry]) {
        for entry in entries {
            if isBelowRefused(entry.path) { continue }
            if let reason = LeafPath.problem(in: entry.path) {
                problems.append(.unsafe(entry.path, reason))
                refusedPrefixes.append(entry.path + "/")
                continue
            }
            let folder = LeafPath.parentFolder(of: entry.path)
            let name = LeafPath.lastComponent(of: entry.path)
            switch entry.kind {
            case .tree:
                if name == TaxonomyLayout.leafFileName { problems.append(.folderNamedLeafFile(entry.path)) }
                treeIDs[entry.path] = entry.id
            case .submodule:
                problems.append(.submodule(entry.path))
            case .symlink:
                if name == TaxonomyLayout.leafFileName { problems.append(.symlink(entry.path)) }
                filesByFolder[folder, default: []].append(
                    TaxonomyLeaf.File(name: String(name), blobID: entry.id, kind: entry.kind))
            case .file, .executable:
                if name == TaxonomyLayout.leafFileName {
                    leafFiles[folder] = entry.id
                } else {
                    if name == "qna.yml" { problems.append(.misnamed(entry.path)) }
                    filesByFolder[folder, default: []].append(
                        TaxonomyLeaf.File(name: String(name), blobID: entry.id, kind: entry.kind))
                }
            }
        }
    }

    func leaves(folders: [String]) -> [TaxonomyLeaf] {
        var leaves: [TaxonomyLeaf] = []
        leaves.reserveCapacity(leafFiles.count)
        // The folders sorted, not the leaves: sorting moves strings, not whole records.
        for folder in leafFiles.keys.sorted(by: LeafPath.precedes) {
            guard let blobID = leafFiles[folder], let path = LeafPath(folder), let treeID = treeIDs[folder] else { continue }
            let siblings = (filesByFolder[folder] ?? []).sorted { $0.name < $1.name }
            leaves.append(
                TaxonomyLeaf(path: path, qnaBlobID: blobID, treeID: treeID, siblings: siblings, folders: folders))
        }
        return leaves
    }

    private func isBelowRefused(_ path: String) -> Bool {
        refusedPrefixes.contains { path.hasPrefix($0) }
    }
}
