import Foundation
import Git
import Platform

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
        /// The mirror is damaged on disk: a ref names objects that cannot be read.
        case mirrorDamaged
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
    /// The system call that failed, when one did: its errno and its own cause, as a value.
    public let cause: FileSystemError?

    /// Creates an error from its parts.
    public init(kind: Kind, operation: String, subject: String, message: String, cause: FileSystemError? = nil) {
        self.kind = kind
        self.operation = operation
        self.subject = subject
        self.message = message
        self.cause = cause
    }

    /// `cannot <operation> (<subject>): <message>`.
    public var description: String { "cannot \(operation) (\(subject)): \(message)" }

    /// Whether this failure may mean the mirror on disk is damaged (and a fresh clone may
    /// cure it): `.mirrorDamaged`, or git failing for a reason other than the remote,
    /// credentials, a lock or a cancellation.
    var isMirrorDamage: Bool {
        switch kind {
        case .mirrorDamaged: return true
        case .git(let error):
            switch error.kind {
            case .remoteUnavailable, .authentication, .cancelled, .locked: return false
            default: return true
            }
        default: return false
        }
    }

    /// Wraps a git failure.
    static func git(_ error: GitError, _ operation: String, _ subject: String) -> TaxonomyError {
        if case .cancelled = error.kind {
            return TaxonomyError(kind: .cancelled, operation: operation, subject: subject, message: "cancelled")
        }
        return TaxonomyError(kind: .git(error), operation: operation, subject: subject, message: error.description)
    }

    /// A failed system call while doing `operation`, carrying it.
    static func fileSystem(_ operation: String, _ error: FileSystemError) -> TaxonomyError {
        TaxonomyError(
            kind: .fileSystem(errno: error.code), operation: operation, subject: error.path,
            message: "\(error.operation): \(error.reason) (errno \(error.code))", cause: error)
    }
}
