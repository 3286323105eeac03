import CGit2
import Foundation

/// Who made a commit, and when: the author and committer of `Repository.commitWorkTree`.
public struct CommitSignature: Sendable, Hashable {
    public var name: String
    public var email: String
    public var date: Date

    public init(name: String, email: String, date: Date) {
        self.name = name
        self.email = email
        self.date = date
    }
}

extension Repository {
    /// Makes a new repository with a work tree at `directory` (and the folders above it),
    /// its HEAD on `branch`, reading no git configuration but libgit2's defaults.
    ///
    /// - Throws: `GitError` when libgit2 cannot create it (an existing repository is
    ///   reinitialised by libgit2, so callers check first).
    public static func create(at directory: URL, branch: String) throws(GitError) -> Repository {
        LibGit2Runtime.ensureInitialized()
        var options = git_repository_init_options()
        try checkLibGit2(
            git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)),
            "prepare to create a repository", repositoryPath: directory.path)
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue
        var handle: OpaquePointer?
        let code = branch.withCString { head -> Int32 in
            options.initial_head = head
            return git_repository_init_ext(&handle, directory.path, &options)
        }
        try checkLibGit2(code, "create a repository", repositoryPath: directory.path)
        guard let handle else {
            throw GitError(
                kind: .notARepository, operation: "create a repository", repositoryPath: directory.path,
                message: "libgit2 returned no repository")
        }
        return Repository(adopting: handle)
    }

    /// Stages every file of the work tree (as `git add --all`) and commits it on HEAD's
    /// branch, on top of HEAD's commit when there is one; returns the new commit's id.
    @discardableResult
    public func commitWorkTree(message: String, signature: CommitSignature) throws(GitError) -> ObjectID {
        var index: OpaquePointer?
        try check(git_repository_index(&index, handle), "open the index")
        defer { git_index_free(index) }
        try check(git_index_add_all(index, nil, 0, nil, nil), "add the work tree to the index")
        try check(git_index_write(index), "write the index")
        var treeID = git_oid()
        try check(git_index_write_tree(&treeID, index), "write the tree")
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, handle, &treeID), "read the tree just written")
        defer { git_tree_free(tree) }

        var author: UnsafeMutablePointer<git_signature>?
        try check(
            git_signature_new(
                &author, signature.name, signature.email, git_time_t(signature.date.timeIntervalSince1970), 0),
            "make the commit's signature")
        defer { git_signature_free(author) }

        var parent: OpaquePointer?
        var parentID = git_oid()
        if git_reference_name_to_id(&parentID, handle, "HEAD") == 0 {
            try check(git_commit_lookup(&parent, handle, &parentID), "read HEAD's commit")
        }
        defer { if let parent { git_commit_free(parent) } }
        var commitID = git_oid()
        var parents: [OpaquePointer?] = parent.map { [$0] } ?? []
        try check(
            git_commit_create(
                &commitID, handle, "HEAD", author, author, nil, message, tree, parents.count, &parents),
            "commit")
        return ObjectID(commitID)
    }
}
