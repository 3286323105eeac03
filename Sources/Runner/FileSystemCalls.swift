#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// A system call on a file or directory failed: which call, on which path, and the
/// operating system's reason.
public struct FileOperationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was being done (`link`, `rename`, `fsync`, …).
    public var operation: String
    /// The path it was done to (for two-path calls, `from → to`).
    public var path: String
    /// The `errno` the call failed with.
    public var code: Int32

    public init(operation: String, path: String, code: Int32) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    public var description: String {
        "\(operation) \(path): \(String(cString: strerror(code)))"
    }
}

/// `rename(2)` under a name the enum below does not shadow.
private func systemRename(_ source: String, _ destination: String) -> Int32 {
    rename(source, destination)
}

/// The one thin layer between the runner and the C file-system calls it needs beyond
/// Foundation (hard links, fsync, flock, lstat), so the rest of the module reads as Swift
/// and every failure becomes a `FileOperationError` naming the path.
enum FileSystemCalls {
    enum Kind: Sendable, Hashable {
        case regular, directory, symbolicLink, other
    }

    struct Status: Sendable, Hashable {
        var kind: Kind
        var size: Int64
        /// Permission bits only (`0o644`).
        var permissions: UInt32
        var linkCount: UInt64
        var device: UInt64
        var inode: UInt64
    }

    static func failure(_ operation: String, _ path: String) -> FileOperationError {
        FileOperationError(operation: operation, path: path, code: errno)
    }

    /// `lstat`: the link itself, not what it points to. Nil when nothing is there.
    static func status(_ path: String) throws(FileOperationError) -> Status? {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw failure("lstat", path)
        }
        let type = UInt32(info.st_mode) & UInt32(S_IFMT)
        let kind: Kind =
            switch type {
            case UInt32(S_IFREG): .regular
            case UInt32(S_IFDIR): .directory
            case UInt32(S_IFLNK): .symbolicLink
            default: .other
            }
        return Status(
            kind: kind, size: Int64(info.st_size), permissions: UInt32(info.st_mode) & 0o7777,
            linkCount: UInt64(info.st_nlink), device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// `mkdir -p`: creates `path` and its missing parents; an existing directory is fine.
    static func makeDirectories(_ path: String, permissions: mode_t = 0o755) throws(FileOperationError) {
        if mkdir(path, permissions) == 0 { return }
        switch errno {
        case EEXIST:
            if try status(path)?.kind == .directory { return }
            throw FileOperationError(operation: "mkdir", path: path, code: EEXIST)
        case ENOENT:
            let parent = splitLastComponent(path).directory
            guard !parent.isEmpty, parent != path else { throw failure("mkdir", path) }
            try makeDirectories(parent, permissions: permissions)
            if mkdir(path, permissions) != 0 && errno != EEXIST { throw failure("mkdir", path) }
        default:
            throw failure("mkdir", path)
        }
    }

    /// The names in a directory, without `.` and `..`, in no particular order.
    static func listDirectory(_ path: String) throws(FileOperationError) -> [String] {
        guard let directory = opendir(path) else { throw failure("opendir", path) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) {
                    String(cString: $0)
                }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// `link(2)`; false when `destination` already exists.
    static func hardLink(_ source: String, _ destination: String) throws(FileOperationError) -> Bool {
        if link(source, destination) == 0 { return true }
        if errno == EEXIST { return false }
        throw failure("link", "\(source) → \(destination)")
    }

    /// `rename(2)`, replacing `destination` if it is a file.
    static func rename(_ source: String, _ destination: String) throws(FileOperationError) {
        guard systemRename(source, destination) == 0 else {
            throw failure("rename", "\(source) → \(destination)")
        }
    }

    /// Renames a directory into place unless a non-empty directory is already there;
    /// false when it is (someone else got there first).
    static func renameDirectoryIfAbsent(_ source: String, _ destination: String) throws(FileOperationError) -> Bool {
        if systemRename(source, destination) == 0 { return true }
        if errno == ENOTEMPTY || errno == EEXIST { return false }
        throw failure("rename", "\(source) → \(destination)")
    }

    static func removeFile(_ path: String) throws(FileOperationError) {
        if unlink(path) != 0 && errno != ENOENT { throw failure("unlink", path) }
    }

    /// `rm -rf` that also removes read-only trees (it makes directories writable first).
    static func removeTree(_ path: String) throws(FileOperationError) {
        guard let info = try status(path) else { return }
        guard info.kind == .directory else { return try removeFile(path) }
        if info.permissions & 0o700 != 0o700 { try changePermissions(path, info.permissions | 0o700) }
        for name in try listDirectory(path) { try removeTree(path + "/" + name) }
        if rmdir(path) != 0 && errno != ENOENT { throw failure("rmdir", path) }
    }

    static func changePermissions(_ path: String, _ permissions: UInt32) throws(FileOperationError) {
        guard chmod(path, mode_t(permissions)) == 0 else { throw failure("chmod", path) }
    }

    static func readSymbolicLink(_ path: String) throws(FileOperationError) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { throw failure("readlink", path) }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func makeSymbolicLink(target: String, at path: String) throws(FileOperationError) {
        guard symlink(target, path) == 0 else { throw failure("symlink", path) }
    }

    static func openFile(_ path: String, flags: Int32, permissions: mode_t = 0o644) throws(FileOperationError) -> Int32 {
        let descriptor = open(path, flags | O_CLOEXEC, permissions)
        guard descriptor >= 0 else { throw failure("open", path) }
        return descriptor
    }

    /// `/a/b/c` as `/a/b` and `c`: plain string work, where `NSString`'s path methods
    /// normalise the whole path first and cost more than the system calls around them.
    /// A name without a `/` has the directory `.`; `/c` has `/`.
    static func splitLastComponent(_ path: String) -> (directory: String, name: String) {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return (".", String(trimmed)) }
        var directory = trimmed[..<slash]
        while directory.hasSuffix("/") { directory = directory.dropLast() }
        return (directory.isEmpty ? "/" : String(directory), String(trimmed[trimmed.index(after: slash)...]))
    }

    /// Closes `descriptor`, for types whose own `close()` shadows the system call.
    static func closeFile(_ descriptor: Int32) {
        _ = close(descriptor)
    }

    /// Writes all of `bytes`, retrying short writes and interrupted calls.
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], path: String) throws(FileOperationError) {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("write", path)
            }
            written += count
        }
    }

    static func sync(_ descriptor: Int32, path: String) throws(FileOperationError) {
        guard fsync(descriptor) == 0 else { throw failure("fsync", path) }
    }

    /// fsyncs a file or directory by path, so a rename or link into it survives a crash.
    static func syncPath(_ path: String) throws(FileOperationError) {
        let descriptor = try openFile(path, flags: O_RDONLY)
        defer { close(descriptor) }
        try sync(descriptor, path: path)
    }

    static func readFile(_ path: String) throws(FileOperationError) -> [UInt8] {
        let descriptor = try openFile(path, flags: O_RDONLY)
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("read", path)
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// Replaces `path` with `bytes` so that a reader sees the old file or the whole new
    /// one, never a part: a temporary file beside it, fsync, rename, fsync the directory.
    /// With `durable` false the fsyncs are left to a later `syncFileSystem` (the rename is
    /// still atomic for readers, and survives the process being killed).
    static func writeFileAtomically(
        _ bytes: [UInt8], to path: String, permissions: mode_t = 0o644, durable: Bool = true
    ) throws(FileOperationError) {
        let (directory, name) = splitLastComponent(path)
        let temporary = directory + "/.tmp-" + uniqueSuffix() + "-" + name
        let descriptor = try openFile(temporary, flags: O_WRONLY | O_CREAT | O_EXCL, permissions: permissions)
        do {
            defer { close(descriptor) }
            try writeAll(descriptor, bytes, path: temporary)
            if durable { try sync(descriptor, path: temporary) }
        } catch {
            try? removeFile(temporary)
            throw error
        }
        do {
            try rename(temporary, path)
        } catch {
            try? removeFile(temporary)
            throw error
        }
        if durable { try syncPath(directory) }
    }

    /// The last `bytes` bytes of the file at `path` (all of it when shorter).
    static func readTail(_ path: String, bytes: Int) throws(FileOperationError) -> [UInt8] {
        let descriptor = try openFile(path, flags: O_RDONLY)
        defer { close(descriptor) }
        let size = lseek(descriptor, 0, SEEK_END)
        guard size >= 0 else { throw failure("lseek", path) }
        let count = min(Int(size), bytes)
        var tail = [UInt8](repeating: 0, count: count)
        let read = tail.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, off_t(size) - off_t(count)) }
        guard read == count else { throw failure("pread", path) }
        return tail
    }

    /// Whether the file at `path` exists and its last byte closes a JSON value (`}` or
    /// `]`, possibly followed by a newline): what a whole, atomically written JSON file ends with.
    static func endsWholeJSON(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var last = [UInt8](repeating: 0, count: 2)
        let size = lseek(descriptor, 0, SEEK_END)
        guard size > 0 else { return false }
        let count = min(Int(size), 2)
        let read = last.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, off_t(size) - off_t(count)) }
        guard read == count else { return false }
        let tail = last.prefix(count).last == UInt8(ascii: "\n") && count == 2 ? last[0] : last[count - 1]
        return tail == UInt8(ascii: "}") || tail == UInt8(ascii: "]")
    }

    /// Flushes pending writes to disk, `path`'s file system included. Glibc's module does
    /// not export `syncfs` (it needs `_GNU_SOURCE`), so this is `sync(2)`: once a run, its
    /// wider reach costs less than several fsyncs a stage.
    static func syncFileSystem(_ path: String) throws(FileOperationError) {
        guard exists(path) else { throw FileOperationError(operation: "sync", path: path, code: ENOENT) }
        Glibc.sync()
    }

    /// Copies a regular file's bytes to a new file (used only when a hard link is not
    /// possible or not safe).
    static func copyFile(
        _ source: String, to destination: String, permissions: mode_t, durable: Bool = true
    ) throws(FileOperationError) {
        let input = try openFile(source, flags: O_RDONLY)
        defer { close(input) }
        let output = try openFile(destination, flags: O_WRONLY | O_CREAT | O_EXCL, permissions: permissions)
        defer { close(output) }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("read", source)
            }
            if count == 0 { break }
            try writeAll(output, Array(chunk[0..<count]), path: destination)
        }
        if durable { try sync(output, path: destination) }
    }

    /// Twelve random hex digits, for temporary names that never collide between
    /// processes sharing a directory.
    static func uniqueSuffix() -> String {
        let value = UInt64.random(in: 0..<(1 << 48))
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 12 - hex.count) + hex
    }

    static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static var processID: Int32 { getpid() }
}

extension FileSystemCalls {
    /// Creates or replaces `path` with `bytes`, without fsync: for files a crash may lose
    /// (an attempt's `context.json` is rewritten when the attempt runs again).
    static func writeFile(_ bytes: [UInt8], to path: String) throws(FileOperationError) {
        let descriptor = try openFile(path, flags: O_WRONLY | O_CREAT | O_TRUNC)
        defer { close(descriptor) }
        try writeAll(descriptor, bytes, path: path)
    }
}
