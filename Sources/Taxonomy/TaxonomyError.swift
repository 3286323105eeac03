import Foundation
import Git

/// A failure to synchronise, read or materialise the taxonomy: what was attempted, on
/// which thing, and why.
public struct TaxonomyError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is, for callers that react to it.
    public enum Kind: Sendable {
        /// The git operation failed (the `GitError` says which and why).
        case git(GitError)
        /// The configured branch does not exist in the remote.
        case branchNotFound(branch: String, available: [String])
        /// A commit named by the caller (a base, a head) is not in the mirror.
        case commitNotFound(revision: String)
        /// The mirror has not been synchronised yet.
        case notSynchronized
        /// A leaf's file is over the size limit.
        case fileTooLarge(size: Int, limit: Int)
        /// A file-system operation failed, with `errno` when known.
        case fileSystem(errno: Int32?)
        /// The task was cancelled (while waiting for a lock, or during a fetch).
        case cancelled
    }

    /// What kind of failure this is.
    public let kind: Kind
    /// What was attempted, e.g. `synchronise the taxonomy mirror`.
    public let operation: String
    /// The file, directory, URL or leaf concerned.
    public let subject: String
    /// Why it failed.
    public let message: String

    /// Creates an error from its parts.
    public init(kind: Kind, operation: String, subject: String, message: String) {
        self.kind = kind
        self.operation = operation
        self.subject = subject
        self.message = message
    }

    /// `cannot <operation> (<subject>): <message>`.
    public var description: String { "cannot \(operation) (\(subject)): \(message)" }

    /// Wraps a git failure.
    static func git(_ error: GitError, _ operation: String, _ subject: String) -> TaxonomyError {
        if case .cancelled = error.kind {
            return TaxonomyError(kind: .cancelled, operation: operation, subject: subject, message: "cancelled")
        }
        return TaxonomyError(kind: .git(error), operation: operation, subject: subject, message: error.description)
    }

    /// A failed system call, from the current `errno`.
    static func posix(_ operation: String, _ path: String, errno code: Int32) -> TaxonomyError {
        TaxonomyError(
            kind: .fileSystem(errno: code), operation: operation, subject: path,
            message: String(cString: strerror(code)))
    }
}
