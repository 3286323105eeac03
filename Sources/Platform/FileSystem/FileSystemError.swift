import Glibc

/// A system call on a file, folder or descriptor failed: which call, on which path, the
/// `errno` it failed with, and (when there is one) the error underneath, kept as a value.
///
/// Its description reads `fsync /data/x: No space left on device (errno 28)`.
public struct FileSystemError: Error, Sendable, CustomStringConvertible {
    /// What was being done (`open`, `fsync`, `renameat2(RENAME_NOREPLACE)`, `flock`, …).
    public var operation: String
    /// The path it was done to (for two-path calls, `from → to`).
    public var path: String
    /// The `errno` the call failed with.
    public var code: Int32
    /// The error that caused this one, when it came from somewhere other than `errno`.
    public var underlying: (any Error & Sendable)?

    /// An error for `operation` on `path` that failed with `code`.
    public init(operation: String, path: String, code: Int32, underlying: (any Error & Sendable)? = nil) {
        self.operation = operation
        self.path = path
        self.code = code
        self.underlying = underlying
    }

    /// The operating system's words for `code` (`No such file or directory`).
    public var reason: String {
        String(cString: strerror(code))
    }

    /// `operation path: reason (errno N)`, then the underlying error when there is one.
    public var description: String {
        let text = "\(operation) \(path): \(reason) (errno \(code))"
        guard let underlying else { return text }
        return text + ", because: \(underlying)"
    }

    /// The error the last failed system call left in `errno`.
    static func fromErrno(_ operation: String, _ path: String) -> FileSystemError {
        FileSystemError(operation: operation, path: path, code: errno)
    }
}

extension FileSystemError: Hashable {
    /// Two errors are equal when they name the same call, path and code, and their causes
    /// read the same.
    public static func == (left: FileSystemError, right: FileSystemError) -> Bool {
        left.operation == right.operation && left.path == right.path && left.code == right.code
            && left.underlying.map { "\($0)" } == right.underlying.map { "\($0)" }
    }

    /// Hashes the call, the path and the code.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(operation)
        hasher.combine(path)
        hasher.combine(code)
    }
}

extension FileSystemError {
    /// The `errno` values callers decide on, by name, so they need not import the C library.
    public enum Code {
        /// ENOENT: nothing at the path.
        public static let notFound = ENOENT
        /// EEXIST: something is already at the path.
        public static let exists = EEXIST
        /// ENOTEMPTY: a folder in the way is not empty.
        public static let notEmpty = ENOTEMPTY
        /// EXDEV: the two paths are on different file systems.
        public static let crossDevice = EXDEV
        /// EPERM: the operation is not permitted (a hard link refused, for one).
        public static let notPermitted = EPERM
        /// EACCES: permission denied.
        public static let accessDenied = EACCES
        /// EMLINK: a file has as many hard links as it may.
        public static let tooManyLinks = EMLINK
        /// ENOSPC: the device is full.
        public static let noSpace = ENOSPC
        /// ENOTDIR: a component of the path is not a folder.
        public static let notDirectory = ENOTDIR
        /// EBADF: the descriptor is closed.
        public static let badDescriptor = EBADF
        /// EINVAL: an argument (or flag) was refused.
        public static let invalidArgument = EINVAL
        /// EWOULDBLOCK: the call would have had to wait.
        public static let wouldBlock = EWOULDBLOCK
    }

    /// Whether nothing was at the path (ENOENT).
    public var isNotFound: Bool { code == ENOENT }

    /// Whether the file system or kernel does not support the call or its flags (EINVAL,
    /// ENOSYS, EOPNOTSUPP), as some network file systems refuse `RENAME_NOREPLACE`.
    public var isUnsupported: Bool { code == EINVAL || code == ENOSYS || code == EOPNOTSUPP }
}
