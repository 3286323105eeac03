import CGit2
import Foundation

/// What merging one commit into another gives: a tree, or the paths both sides changed
/// differently.
public enum TreeMerge: Sendable, Hashable {
    /// The merge is clean; the merged tree is written to the object database.
    case merged(tree: ObjectID)
    /// The paths in conflict, sorted.
    case conflicted(paths: [String])
}

extension Repository {
    /// The full name and target of every reference matching `glob`
    /// (`refs/pull/*/head`), by full name.
    public func references(matching glob: String) throws(GitError) -> [String: ObjectID] {
        try references(matching: glob, droppingPrefix: "")
    }

    /// The best common ancestor of two commits, or nil when they share no history.
    public func mergeBase(_ one: ObjectID, _ other: ObjectID) throws(GitError) -> ObjectID? {
        var base = git_oid()
        let code = one.withGitOID { first in other.withGitOID { second in git_merge_base(&base, handle, first, second) } }
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "find the merge base of \(one.hex.prefix(12)) and \(other.hex.prefix(12))")
        return ObjectID(base)
    }

    /// Merges commit `theirs` into commit `ours` in memory, as `git merge` would (three-way,
    /// from their merge base), without touching a work tree, the index file or a reference.
    /// A clean merge writes its tree to the object database and returns it.
    public func merge(_ theirs: ObjectID, into ours: ObjectID) throws(GitError) -> TreeMerge {
        let operation = "merge \(theirs.hex.prefix(12)) into \(ours.hex.prefix(12))"
        let ourCommit = try lookupCommit(ours, operation)
        defer { git_commit_free(ourCommit) }
        let theirCommit = try lookupCommit(theirs, operation)
        defer { git_commit_free(theirCommit) }
        var options = git_merge_options()
        try check(git_merge_options_init(&options, UInt32(GIT_MERGE_OPTIONS_VERSION)), operation)
        var index: OpaquePointer?
        try check(git_merge_commits(&index, handle, ourCommit, theirCommit, &options), operation)
        defer { git_index_free(index) }
        if git_index_has_conflicts(index) == 1 {
            return .conflicted(paths: try conflictPaths(index, operation))
        }
        var tree = git_oid()
        try check(git_index_write_tree_to(&tree, index, handle), operation)
        return .merged(tree: ObjectID(tree))
    }

    /// Writes a commit of `tree` with `parents` to the object database and returns its id;
    /// no reference moves. The same arguments give the same id.
    public func writeCommit(
        tree: ObjectID, parents: [ObjectID], message: String, author: String, email: String, date: Date
    ) throws(GitError) -> ObjectID {
        let operation = "write a commit of tree \(tree.hex.prefix(12))"
        var treeObject: OpaquePointer?
        try check(tree.withGitOID { git_tree_lookup(&treeObject, handle, $0) }, operation)
        defer { git_tree_free(treeObject) }
        var parentCommits: [OpaquePointer?] = []
        defer { parentCommits.forEach { git_commit_free($0) } }
        for parent in parents { parentCommits.append(try lookupCommit(parent, operation)) }
        var signature: UnsafeMutablePointer<git_signature>?
        try check(git_signature_new(&signature, author, email, git_time_t(date.timeIntervalSince1970), 0), operation)
        defer { git_signature_free(signature) }
        var id = git_oid()
        let code = parentCommits.withUnsafeMutableBufferPointer { buffer in
            git_commit_create(
                &id, handle, nil, signature, signature, "UTF-8", message, treeObject, buffer.count, buffer.baseAddress)
        }
        try check(code, operation)
        return ObjectID(id)
    }

    private func conflictPaths(_ index: OpaquePointer?, _ operation: String) throws(GitError) -> [String] {
        var iterator: OpaquePointer?
        try check(git_index_conflict_iterator_new(&iterator, index), operation)
        defer { git_index_conflict_iterator_free(iterator) }
        var paths: Set<String> = []
        while true {
            var ancestor: UnsafePointer<git_index_entry>?
            var ours: UnsafePointer<git_index_entry>?
            var theirs: UnsafePointer<git_index_entry>?
            let code = git_index_conflict_next(&ancestor, &ours, &theirs, iterator)
            if code == GIT_ITEROVER.rawValue { break }
            try check(code, operation)
            for entry in [ancestor, ours, theirs] {
                if let path = entry?.pointee.path { paths.insert(String(cString: path)) }
            }
        }
        return paths.sorted()
    }
}
