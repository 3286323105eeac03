import CGit2
import Foundation

extension Repository {
    /// The paths that differ between the trees of `from` and `to`: `git diff --name-status
    /// -M from to`. With `from` nil every path of `to` is reported as added (the first
    /// build). Submodules appear as entries of kind `.submodule`; trees never appear.
    ///
    /// - Parameters:
    ///   - paths: when not empty, only changes at or below these literal paths (a
    ///     directory or a file, no wildcards) are reported, and other subtrees are not
    ///     walked.
    ///   - detectRenames: pair removed and added files with similar content into
    ///     `.renamed` (`git_diff_find_similar`, git's default 50% threshold).
    public func changes(
        from: ObjectID?, to: ObjectID, paths: [String] = [], detectRenames: Bool = true
    ) throws(GitError) -> [TreeChange] {
        let operation = "diff \(from?.hex ?? "(empty tree)")..\(to.hex)"
        let oldTree = try from.map { commit throws(GitError) in try rootTree(ofCommit: commit, operation) }
        defer { git_tree_free(oldTree) }
        let newTree = try rootTree(ofCommit: to, operation)
        defer { git_tree_free(newTree) }

        // Comparing trees while skipping identical subtrees reads only what changed, as
        // `git diff` does; libgit2's diff reads every tree. Only a diff that removes and
        // adds files can hold renames, and only then is libgit2's rename detection needed.
        let compared = try comparedTrees(old: oldTree, new: newTree, paths: paths, operation)
        guard detectRenames, compared.contains(where: { $0.status == .removed }),
            compared.contains(where: { $0.status == .added })
        else { return compared }
        return try libgit2Changes(
            old: oldTree, new: newTree, paths: paths, detectRenames: true, operation)
    }

    /// `changes(from:to:paths:detectRenames:)` computed by libgit2's diff alone (the
    /// reference the faster tree comparison is tested against).
    func libgit2Changes(
        from: ObjectID?, to: ObjectID, paths: [String], detectRenames: Bool
    ) throws(GitError) -> [TreeChange] {
        let operation = "diff \(from?.hex ?? "(empty tree)")..\(to.hex) with libgit2"
        let oldTree = try from.map { commit throws(GitError) in try rootTree(ofCommit: commit, operation) }
        defer { git_tree_free(oldTree) }
        let newTree = try rootTree(ofCommit: to, operation)
        defer { git_tree_free(newTree) }
        return try libgit2Changes(
            old: oldTree, new: newTree, paths: paths, detectRenames: detectRenames, operation)
    }

    /// The changes computed by libgit2's `git_diff_tree_to_tree`, with renames found by
    /// `git_diff_find_similar` when asked.
    private func libgit2Changes(
        old oldTree: OpaquePointer?, new newTree: OpaquePointer, paths: [String],
        detectRenames: Bool, _ operation: String
    ) throws(GitError) -> [TreeChange] {
        var options = git_diff_options()
        try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), operation)
        options.flags |= GIT_DIFF_INCLUDE_TYPECHANGE.rawValue | GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue
        let pathspec = paths.map(normalizedTreePath).filter { !$0.isEmpty }.map { strdup($0) }
        defer { pathspec.forEach { free($0) } }
        var diff: OpaquePointer?
        let code = pathspec.withUnsafeBufferPointer { strings in
            options.pathspec = git_strarray(
                strings: UnsafeMutablePointer(mutating: strings.baseAddress), count: strings.count)
            return git_diff_tree_to_tree(&diff, handle, oldTree, newTree, &options)
        }
        try check(code, operation)
        defer { git_diff_free(diff) }

        if detectRenames {
            var findOptions = git_diff_find_options()
            try check(
                git_diff_find_options_init(&findOptions, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION)),
                operation)
            findOptions.flags = GIT_DIFF_FIND_RENAMES.rawValue
            try check(git_diff_find_similar(diff, &findOptions), operation)
        }

        let count = git_diff_num_deltas(diff)
        var changes: [TreeChange] = []
        changes.reserveCapacity(count)
        for index in 0..<count {
            guard let delta = git_diff_get_delta(diff, index)?.pointee,
                let change = TreeChange(delta)
            else { continue }
            changes.append(change)
        }
        return changes
    }
}

extension TreeChange {
    /// The change a libgit2 delta describes; nil for statuses a tree diff does not produce.
    fileprivate init?(_ delta: git_diff_delta) {
        let old = ChangedFile(delta.old_file)
        let new = ChangedFile(delta.new_file)
        switch delta.status {
        case GIT_DELTA_ADDED: self.init(status: .added, old: nil, new: new)
        case GIT_DELTA_DELETED: self.init(status: .removed, old: old, new: nil)
        case GIT_DELTA_MODIFIED: self.init(status: .modified, old: old, new: new)
        case GIT_DELTA_RENAMED:
            self.init(status: .renamed(similarity: Int(delta.similarity)), old: old, new: new)
        case GIT_DELTA_TYPECHANGE: self.init(status: .typeChanged, old: old, new: new)
        default: return nil
        }
    }
}

extension ChangedFile {
    fileprivate init?(_ file: git_diff_file) {
        let mode = UInt32(file.mode)
        guard let path = file.path, let kind = EntryKind(mode: mode) else { return nil }
        self.init(path: String(cString: path), id: ObjectID(file.id), mode: mode, kind: kind)
    }
}
