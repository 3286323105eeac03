import Glibc

/// Every file-system call the project makes, as Swift: each retries when interrupted
/// (EINTR) and turns a failure into a `FileSystemError` naming the call and the path.
///
/// The functions are grouped by topic in extensions: descriptors, syncing, renaming,
/// links, folders, status. Paths are plain strings; descriptors are `Int32`.
public enum FileSystem {
    /// Runs a call that returns -1 and sets `errno` on failure, again while it is
    /// interrupted; the result, or the error.
    @discardableResult
    static func retrying<Result: BinaryInteger>(
        _ operation: String, _ path: String, _ call: () -> Result
    ) throws(FileSystemError) -> Result {
        while true {
            let result = call()
            if result >= 0 { return result }
            if errno != EINTR { throw .fromErrno(operation, path) }
        }
    }

    /// `/a/b/c` as `/a/b` and `c`: plain string work, cheaper than the system calls around
    /// it. A name without a `/` has the folder `.`; `/c` has `/`.
    public static func splitLastComponent(_ path: String) -> (directory: String, name: String) {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return (".", String(trimmed)) }
        var directory = trimmed[..<slash]
        while directory.hasSuffix("/") { directory = directory.dropLast() }
        return (directory.isEmpty ? "/" : String(directory), String(trimmed[trimmed.index(after: slash)...]))
    }

    /// Twelve random hex digits, for temporary names that never collide between processes
    /// sharing a folder.
    public static func uniqueSuffix() -> String {
        let value = UInt64.random(in: 0..<(1 << 48))
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 12 - hex.count) + hex
    }
}
