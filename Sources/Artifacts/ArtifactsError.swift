import Platform

/// Everything that can go wrong while publishing, reading or checking `artifacts/<model>/`.
///
/// Each error says what failed (`code`), on which path or thing (`path`), and why
/// (`reason`), so the CLI can print it as is.
public struct ArtifactsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; callers switch on it (a CLI maps `versionExists` and
    /// `gateRefused` to their own exit codes).
    public enum Code: String, Sendable, Hashable {
        /// A system call failed (open, read, fsync, rename, link…).
        case systemCall
        /// The version asked for is already published (or was published and collected).
        case versionExists
        /// A version string is not a valid semantic version or OCI tag.
        case invalidVersion
        /// A version cannot be derived (no previous release to bump, bad template…).
        case versionUnresolvable
        /// A path in the build's file list is unsafe or repeated.
        case invalidFilePath
        /// The filesystem cannot rename without replacing (`renameat2` refused).
        case renameNoReplaceUnsupported
        /// The publish lock could not be taken in time.
        case lockTimeout
        /// A JSON file could not be read or written.
        case malformedJSON
        /// A key file is malformed, or a signature cannot be made.
        case invalidKey
        /// A version that is not published was asked for.
        case versionNotFound
        /// Release gates refused the build; `reason` lists every refusal with its numbers.
        case gateRefused
        /// A file to publish no longer has the digest its producer recorded (the store was
        /// changed in place); nothing is published from it.
        case damagedSource
        /// The version was renamed into place (it is published and whole) but a later step
        /// (the log, the refs, the index) failed; `reason` says which, and what is left.
        case publishedIncompletely
    }

    /// What kind of failure.
    public var code: Code
    /// The file, folder, version or key concerned.
    public var path: String
    /// Why, in words a person can act on.
    public var reason: String
    /// The system call that failed, when one did: its errno and its own cause, as a value.
    public var cause: FileSystemError?

    /// An error of kind `code` about `path`, for `reason`, caused by `cause` if given.
    public init(_ code: Code, path: String, reason: String, cause: FileSystemError? = nil) {
        self.code = code
        self.path = path
        self.reason = reason
        self.cause = cause
    }

    /// A system call that failed, as a `.systemCall` error carrying it.
    public init(_ cause: FileSystemError) {
        self.init(
            .systemCall, path: cause.path, reason: "\(cause.operation) failed: \(cause.reason) (errno \(cause.code))",
            cause: cause)
    }

    /// The same error with `note` added to its reason (`…; nothing was published`).
    func noting(_ note: String) -> ArtifactsError {
        ArtifactsError(code, path: path, reason: reason + "; " + note, cause: cause)
    }

    /// `path: reason`.
    public var description: String { "\(path): \(reason)" }
}
