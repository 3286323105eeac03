import CGit2

/// A failure of a git operation: what was attempted, in which repository, and libgit2's
/// own explanation.
///
/// libgit2 keeps its last error per thread; every `GitError` is built from
/// `git_error_last()` in the same synchronous call that failed, so the message always
/// belongs to this failure.
public struct GitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is, for callers that react to it.
    public enum Kind: Sendable, Equatable {
        /// The object, reference, revision or path does not exist.
        case notFound
        /// A short revision or id matches several objects.
        case ambiguous
        /// The revision or reference name is not valid syntax.
        case invalidSpecification
        /// The thing to create already exists.
        case alreadyExists
        /// Another process holds the lock on a file in the repository.
        case locked
        /// The directory is not a git repository.
        case notARepository
        /// The remote refused the credentials, or none were available.
        case authentication
        /// Fetching from the remote failed on every attempt.
        case remoteUnavailable(url: String, attempts: Int)
        /// The blob is larger than the caller's limit; it was not read into memory.
        case blobTooLarge(size: Int, limit: Int)
        /// The path names a symlink, submodule or tree, not a regular file.
        case notAFile(EntryKind)
        /// The path names a file, symlink or submodule where a tree was expected.
        case notATree(EntryKind)
        /// The revision names an object that is not (and does not peel to) a commit.
        case notACommit
        /// The surrounding task was cancelled.
        case cancelled
        /// A file-system operation around the repository failed (with `errno` when known).
        case fileSystem(errno: Int32?)
        /// Any other libgit2 failure, with its `git_error_code` and `git_error_t` class.
        case library(code: Int32, errorClass: Int32)
    }

    /// What kind of failure this is.
    public let kind: Kind
    /// The operation that failed, e.g. `resolve 'main'` or `read blob 'a/qna.yaml'`.
    public let operation: String
    /// The repository's path, when the failure happened in one.
    public let repositoryPath: String?
    /// The reason, usually libgit2's own message.
    public let message: String

    /// Creates an error from its parts.
    public init(kind: Kind, operation: String, repositoryPath: String?, message: String) {
        self.kind = kind
        self.operation = operation
        self.repositoryPath = repositoryPath
        self.message = message
    }

    /// `git: <operation> failed in <repository>: <message>`.
    public var description: String {
        let place = repositoryPath.map { " in \($0)" } ?? ""
        return "git: \(operation) failed\(place): \(message)"
    }
}

extension GitError {
    /// Builds the error for a negative libgit2 return `code`, reading `git_error_last()`
    /// now: call it directly after the failing libgit2 call, on the same thread.
    static func fromLastError(
        code: Int32, operation: String, repositoryPath: String?
    ) -> GitError {
        var message = "libgit2 error \(code)"
        var errorClass: Int32 = 0
        if let last = git_error_last(), let text = last.pointee.message {
            message = String(cString: text)
            errorClass = last.pointee.klass
        }
        return GitError(
            kind: Kind(libgit2Code: code, errorClass: errorClass),
            operation: operation, repositoryPath: repositoryPath, message: message)
    }
}

extension GitError.Kind {
    init(libgit2Code code: Int32, errorClass: Int32) {
        switch code {
        case GIT_ENOTFOUND.rawValue: self = .notFound
        case GIT_EAMBIGUOUS.rawValue: self = .ambiguous
        case GIT_EINVALIDSPEC.rawValue: self = .invalidSpecification
        case GIT_EEXISTS.rawValue: self = .alreadyExists
        case GIT_ELOCKED.rawValue: self = .locked
        case GIT_EAUTH.rawValue: self = .authentication
        case GIT_EUSER.rawValue: self = .cancelled
        case GIT_EPEEL.rawValue: self = .notACommit
        default: self = .library(code: code, errorClass: errorClass)
        }
    }
}

/// Throws a `GitError` when a libgit2 call returned a negative code.
@inline(__always)
func checkLibGit2(
    _ code: Int32, _ operation: @autoclosure () -> String, repositoryPath: String?
) throws(GitError) {
    guard code < 0 else { return }
    throw GitError.fromLastError(code: code, operation: operation(), repositoryPath: repositoryPath)
}
