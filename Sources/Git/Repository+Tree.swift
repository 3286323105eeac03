import CGit2
import Foundation

extension Repository {
    /// Every entry of the commit's tree under `prefix` (the whole tree when empty), trees
    /// included, in git's pre-order: a directory comes before its contents. Paths are full
    /// paths from the repository root.
    ///
    /// Runs one `git_tree_walk` in C; the only per-entry Swift work is building the path.
    ///
    /// - Throws: `.notFound` when `prefix` does not exist, `.notATree` when it is no
    ///   directory.
    public func treeEntries(in commit: ObjectID, under prefix: String = "") throws(GitError)
        -> [TreeEntry]
    {
        let directory = normalizedTreePath(prefix)
        let operation = "walk tree '\(directory)' at \(commit)"
        let tree = try subtree(atPath: directory, inCommit: commit, operation)
        defer { git_tree_free(tree) }
        let collector = TreeWalkCollector(prefix: directory.isEmpty ? "" : directory + "/")
        let code = withExtendedLifetime(collector) {
            git_tree_walk(
                tree, GIT_TREEWALK_PRE,
                { root, entry, payload in
                    guard let root, let entry, let payload else { return -1 }
                    Unmanaged<TreeWalkCollector>.fromOpaque(payload).takeUnretainedValue()
                        .collect(root: root, entry: entry)
                    return 0
                },
                Unmanaged.passUnretained(collector).toOpaque())
        }
        try check(code, operation)
        return collector.entries
    }

    /// The entry at `path` in the commit's tree, or nil when nothing is there. An empty
    /// path names the root tree.
    public func entry(atPath path: String, in commit: ObjectID) throws(GitError) -> TreeEntry? {
        let normalized = normalizedTreePath(path)
        let operation = "look up '\(normalized)' at \(commit)"
        let root = try rootTree(ofCommit: commit, operation)
        defer { git_tree_free(root) }
        if normalized.isEmpty {
            return TreeEntry(
                path: "", kind: .tree, mode: GIT_FILEMODE_TREE.rawValue,
                id: ObjectID(git_tree_id(root).pointee))
        }
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, root, normalized)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, operation)
        defer { git_tree_entry_free(entry) }
        let mode = git_tree_entry_filemode(entry).rawValue
        guard let kind = EntryKind(mode: mode) else {
            throw failure(.notFound, operation, "entry has unknown file mode \(String(mode, radix: 8))")
        }
        return TreeEntry(path: normalized, kind: kind, mode: mode, id: ObjectID(git_tree_entry_id(entry).pointee))
    }

    /// The tree id of the directory at `path` in the commit (the root tree for an empty
    /// path), or nil when nothing is there. Tree ids are content hashes: two commits
    /// with the same id at a path have identical content below it.
    ///
    /// - Throws: `.notATree` when the path names a file, symlink or submodule.
    public func treeID(atPath path: String, in commit: ObjectID) throws(GitError) -> ObjectID? {
        guard let entry = try entry(atPath: path, in: commit) else { return nil }
        guard entry.kind == .tree else {
            throw failure(
                .notATree(entry.kind), "look up tree '\(entry.path)' at \(commit)",
                "the path is a \(entry.kind.rawValue), not a directory")
        }
        return entry.id
    }

    /// The tree at `path` (the root when empty); the caller frees it with `git_tree_free`.
    func subtree(
        atPath path: String, inCommit commit: ObjectID, _ operation: String
    ) throws(GitError) -> OpaquePointer {
        let root = try rootTree(ofCommit: commit, operation)
        if path.isEmpty { return root }
        defer { git_tree_free(root) }
        var entry: OpaquePointer?
        try check(git_tree_entry_bypath(&entry, root, path), operation)
        defer { git_tree_entry_free(entry) }
        let mode = git_tree_entry_filemode(entry).rawValue
        guard mode == GIT_FILEMODE_TREE.rawValue else {
            let kind = EntryKind(mode: mode) ?? .file
            throw failure(.notATree(kind), operation, "'\(path)' is a \(kind.rawValue), not a directory")
        }
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, handle, git_tree_entry_id(entry)), operation)
        guard let tree else { throw failure(.notFound, operation, "tree '\(path)' is missing") }
        return tree
    }
}

/// Receives `git_tree_walk` callbacks and keeps the entries, reusing the directory part
/// of the path while the walk stays in one directory.
private final class TreeWalkCollector {
    private let prefix: String
    private(set) var entries: [TreeEntry] = []
    private var lastRoot: [CChar] = [0]
    private var lastRootPath: String

    init(prefix: String) {
        self.prefix = prefix
        self.lastRootPath = prefix
    }

    func collect(root: UnsafePointer<CChar>, entry: OpaquePointer) {
        let mode = git_tree_entry_filemode(entry).rawValue
        guard let kind = EntryKind(mode: mode), let name = git_tree_entry_name(entry) else { return }
        if strcmp(root, lastRoot) != 0 {
            let length = strlen(root)
            lastRoot = Array(UnsafeBufferPointer(start: root, count: length + 1))
            lastRootPath = prefix + String(cString: root)
        }
        entries.append(
            TreeEntry(
                path: lastRootPath + String(cString: name), kind: kind, mode: mode,
                id: ObjectID(git_tree_entry_id(entry).pointee)))
    }
}
