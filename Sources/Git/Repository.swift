import CGit2
import Foundation

/// An open git repository (bare or not): resolving revisions, first-parent history,
/// tree diffs, trees and blobs, all read straight from the object database.
///
/// Threading: `Repository` owns one `git_repository` handle and is deliberately **not**
/// `Sendable`. libgit2 lets a handle be used from any thread but not from two at once;
/// the compiler therefore keeps each `Repository` inside one isolation domain (a task, an
/// actor, or a single thread). A caller that needs it from several tasks puts it inside an
/// actor; two independent tasks simply open two `Repository` values on the same path.
/// Every method is synchronous and reads libgit2's thread-local error in the same call.
public final class Repository {
    /// The repository's path as libgit2 reports it (the `.git` or bare directory).
    public let path: String
    let handle: OpaquePointer

    /// Opens the repository at `directory` exactly (no search in parent directories).
    ///
    /// - Throws: `GitError` with kind `.notARepository` when `directory` holds none.
    public convenience init(openingAt directory: URL) throws(GitError) {
        LibGit2Runtime.ensureInitialized()
        let requested = directory.path
        var opened: OpaquePointer?
        let code = git_repository_open_ext(
            &opened, requested, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil)
        guard code >= 0, let opened else {
            var error = GitError.fromLastError(
                code: code, operation: "open repository", repositoryPath: requested)
            if error.kind == .notFound {
                error = GitError(
                    kind: .notARepository, operation: error.operation,
                    repositoryPath: requested, message: error.message)
            }
            throw error
        }
        self.init(handle: opened, path: git_repository_path(opened).map { String(cString: $0) } ?? requested)
    }

    /// Takes ownership of `handle`; it is freed when this value is.
    init(handle: OpaquePointer, path: String) {
        self.handle = handle
        self.path = path
    }

    deinit {
        git_repository_free(handle)
    }

    /// True when the repository has no work tree (as a mirror has).
    public var isBare: Bool { git_repository_is_bare(handle) == 1 }

    /// Resolves a branch name, tag, full or short id, or any revspec git understands
    /// (`main`, `refs/heads/main`, `v1.0`, `HEAD~3`, `a1b2c3`) to the commit it names.
    ///
    /// A short name is resolved as git does, so a tag wins over a branch of the same name;
    /// use `branchHead(_:)` to mean the branch.
    ///
    /// - Throws: `.notFound` when nothing matches, `.ambiguous`, `.invalidSpecification`,
    ///   or `.notACommit` when the revision names a tree or blob.
    public func resolveCommit(_ revision: String) throws(GitError) -> ObjectID {
        let operation = "resolve '\(revision)'"
        var object: OpaquePointer?
        try check(git_revparse_single(&object, handle, revision), operation)
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        let code = git_object_peel(&commit, object, GIT_OBJECT_COMMIT)
        if code == GIT_EINVALIDSPEC.rawValue || code == GIT_EPEEL.rawValue {
            let type = git_object_type2string(git_object_type(object)).map { String(cString: $0) }
            throw failure(.notACommit, operation, "it names a \(type ?? "non-commit object"), not a commit")
        }
        try check(code, operation)
        defer { git_object_free(commit) }
        return ObjectID(git_object_id(commit).pointee)
    }

    /// The commit the branch `name` (`refs/heads/<name>`) points at.
    ///
    /// - Throws: `.notFound` when there is no such branch.
    public func branchHead(_ name: String) throws(GitError) -> ObjectID {
        try resolveCommit("refs/heads/" + name)
    }

    /// The full id of every branch (`refs/heads/…`), by its short name.
    public func branches() throws(GitError) -> [String: ObjectID] {
        try references(matching: "refs/heads/*", droppingPrefix: "refs/heads/")
    }

    /// The id every tag (`refs/tags/…`) points at (an annotated tag's own id, unpeeled),
    /// by its short name.
    public func tags() throws(GitError) -> [String: ObjectID] {
        try references(matching: "refs/tags/*", droppingPrefix: "refs/tags/")
    }

    // MARK: - Internal plumbing shared by the extensions

    /// Throws the `GitError` for a negative libgit2 `code`, naming this repository.
    func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(GitError) {
        try checkLibGit2(code, operation(), repositoryPath: path)
    }

    /// An error that did not come from libgit2 (a limit, a wrong kind of entry).
    func failure(_ kind: GitError.Kind, _ operation: String, _ message: String) -> GitError {
        GitError(kind: kind, operation: operation, repositoryPath: path, message: message)
    }

    /// Looks up a commit; the caller frees it with `git_commit_free`.
    func lookupCommit(
        _ id: ObjectID, _ operation: @autoclosure () -> String
    ) throws(GitError) -> OpaquePointer {
        var commit: OpaquePointer?
        let code = id.withGitOID { git_commit_lookup(&commit, handle, $0) }
        try check(code, operation())
        guard let commit else { throw failure(.notFound, operation(), "commit \(id) not found") }
        return commit
    }

    /// The root tree of a commit; the caller frees it with `git_tree_free`.
    func rootTree(ofCommit id: ObjectID, _ operation: String) throws(GitError) -> OpaquePointer {
        let commit = try lookupCommit(id, operation)
        defer { git_commit_free(commit) }
        var tree: OpaquePointer?
        try check(git_commit_tree(&tree, commit), operation)
        guard let tree else { throw failure(.notFound, operation, "commit \(id) has no tree") }
        return tree
    }

    func references(
        matching glob: String, droppingPrefix prefix: String
    ) throws(GitError) -> [String: ObjectID] {
        let operation = "list references '\(glob)'"
        var iterator: OpaquePointer?
        try check(git_reference_iterator_glob_new(&iterator, handle, glob), operation)
        defer { git_reference_iterator_free(iterator) }
        var result: [String: ObjectID] = [:]
        while true {
            var reference: OpaquePointer?
            let code = git_reference_next(&reference, iterator)
            if code == GIT_ITEROVER.rawValue { break }
            try check(code, operation)
            defer { git_reference_free(reference) }
            guard let name = git_reference_name(reference).map({ String(cString: $0) }),
                let target = git_reference_target(reference)
            else { continue }
            result[String(name.dropFirst(prefix.count))] = ObjectID(target.pointee)
        }
        return result
    }
}

/// `Repository` owns a libgit2 handle that must not be used from two threads at once.
@available(*, unavailable)
extension Repository: Sendable {}

/// Normalises a caller's path inside a tree: no leading or trailing slashes.
func normalizedTreePath(_ path: String) -> String {
    var trimmed = Substring(path)
    while trimmed.hasPrefix("/") { trimmed = trimmed.dropFirst() }
    while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    return String(trimmed)
}
