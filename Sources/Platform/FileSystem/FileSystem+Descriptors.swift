import CPlatform
import Glibc

/// How a file is opened: the `open(2)` flags, named.
public struct OpenOptions: OptionSet, Sendable, Hashable {
    /// The raw `O_…` flags.
    public let rawValue: Int32

    /// Options from raw `O_…` flags.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// O_RDONLY.
    public static let readOnly: OpenOptions = []
    /// O_WRONLY.
    public static let writeOnly = OpenOptions(rawValue: O_WRONLY)
    /// O_RDWR.
    public static let readWrite = OpenOptions(rawValue: O_RDWR)
    /// O_CREAT: create the file when it is missing.
    public static let create = OpenOptions(rawValue: O_CREAT)
    /// O_EXCL (with `create`): fail when the file exists.
    public static let exclusive = OpenOptions(rawValue: O_EXCL)
    /// O_TRUNC: empty the file.
    public static let truncate = OpenOptions(rawValue: O_TRUNC)
    /// O_APPEND: every write goes to the end, in one piece.
    public static let append = OpenOptions(rawValue: O_APPEND)
    /// O_DIRECTORY: fail unless the path is a folder.
    public static let directory = OpenOptions(rawValue: O_DIRECTORY)
    /// O_NOFOLLOW: fail when the last component is a symbolic link.
    public static let noFollow = OpenOptions(rawValue: O_NOFOLLOW)
    /// O_NONBLOCK: opening a FIFO does not wait for a writer.
    public static let nonBlocking = OpenOptions(rawValue: O_NONBLOCK)
}

extension FileSystem {
    /// `open(2)` with `O_CLOEXEC` always, so no process the project starts inherits it.
    public static func open(
        _ path: String, _ options: OpenOptions, permissions: UInt32 = 0o644
    ) throws(FileSystemError) -> Int32 {
        try retrying("open", path) { Glibc.open(path, options.rawValue | O_CLOEXEC, mode_t(permissions)) }
    }

    /// Opens a folder for reading, to fsync it or to name paths relative to it.
    public static func openDirectory(_ path: String) throws(FileSystemError) -> Int32 {
        try open(path, [.readOnly, .directory])
    }

    /// `close(2)`; its error is ignored (Linux closes the descriptor whatever it says).
    public static func close(_ descriptor: Int32) {
        _ = Glibc.close(descriptor)
    }

    /// `read(2)` into `buffer`: the count read, 0 at the end of the file.
    public static func read(
        _ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String
    ) throws(FileSystemError) -> Int {
        try retrying("read", path) { Glibc.read(descriptor, buffer.baseAddress, buffer.count) }
    }

    /// `pread(2)` at `offset` into `buffer`: the count read, 0 at the end of the file.
    public static func read(
        _ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, path: String
    ) throws(FileSystemError) -> Int {
        try retrying("pread", path) { Glibc.pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset)) }
    }

    /// Writes all of `buffer`, retrying short and interrupted writes.
    public static func writeAll(
        _ descriptor: Int32, _ buffer: UnsafeRawBufferPointer, path: String
    ) throws(FileSystemError) {
        var written = 0
        while written < buffer.count {
            let start = buffer.baseAddress! + written
            written += try retrying("write", path) { Glibc.write(descriptor, start, buffer.count - written) }
        }
    }

    /// Writes all of `bytes`, retrying short and interrupted writes.
    public static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], path: String) throws(FileSystemError) {
        try withBytes(bytes) { (buffer) throws(FileSystemError) in try writeAll(descriptor, buffer, path: path) }
    }

    /// One `write(2)` of all of `bytes` (to a file opened `.append`, so writers never
    /// interleave); a short write is an error, ENOSPC.
    public static func writeOnce(_ descriptor: Int32, _ bytes: [UInt8], path: String) throws(FileSystemError) {
        let count = try withBytes(bytes) { (buffer) throws(FileSystemError) in
            try retrying("write", path) { Glibc.write(descriptor, buffer.baseAddress, buffer.count) }
        }
        if count != bytes.count { throw FileSystemError(operation: "write", path: path, code: ENOSPC) }
    }

    /// `pwrite(2)` of all of `bytes` at `offset`.
    public static func writeAll(
        _ descriptor: Int32, _ bytes: [UInt8], at offset: Int64, path: String
    ) throws(FileSystemError) {
        var written = 0
        while written < bytes.count {
            written += try withBytes(bytes) { (buffer) throws(FileSystemError) in
                try retrying("pwrite", path) {
                    Glibc.pwrite(descriptor, buffer.baseAddress! + written, buffer.count - written, off_t(offset) + off_t(written))
                }
            }
        }
    }

    /// `ftruncate(2)`.
    public static func truncate(_ descriptor: Int32, to size: Int64, path: String) throws(FileSystemError) {
        try retrying("ftruncate", path) { Glibc.ftruncate(descriptor, off_t(size)) }
    }

    /// The size of an open file (`lseek` to its end).
    public static func size(_ descriptor: Int32, path: String) throws(FileSystemError) -> Int64 {
        Int64(try retrying("lseek", path) { Glibc.lseek(descriptor, 0, SEEK_END) })
    }

    /// `fchmod(2)`: exact permissions, whatever the umask made of `open`'s.
    public static func changePermissions(_ descriptor: Int32, _ permissions: UInt32, path: String) throws(FileSystemError) {
        try retrying("fchmod", path) { Glibc.fchmod(descriptor, mode_t(permissions)) }
    }

    /// Reads the rest of an open file.
    public static func readAll(_ descriptor: Int32, path: String, chunkSize: Int = 64 << 10) throws(FileSystemError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count = try withMutableBytes(&chunk) { (buffer) throws(FileSystemError) in
                try read(descriptor, into: buffer, path: path)
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// Reads a whole (small) file.
    public static func readFile(_ path: String) throws(FileSystemError) -> [UInt8] {
        let descriptor = try open(path, .readOnly)
        defer { close(descriptor) }
        return try readAll(descriptor, path: path)
    }

    /// Calls `body` with each chunk of the file at `path`, in order, from one reused buffer.
    public static func forEachChunk(
        of path: String, chunkSize: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) -> Void
    ) throws(FileSystemError) {
        let descriptor = try open(path, .readOnly)
        defer { close(descriptor) }
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_SEQUENTIAL)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 4096)
        defer { buffer.deallocate() }
        while true {
            let count = try read(descriptor, into: buffer, path: path)
            if count == 0 { return }
            body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    /// The first `bytes` bytes of the file at `path` (all of it when shorter).
    public static func readHead(_ path: String, bytes: Int) throws(FileSystemError) -> [UInt8] {
        let descriptor = try open(path, .readOnly)
        defer { close(descriptor) }
        var head = [UInt8](repeating: 0, count: bytes)
        var filled = 0
        while filled < bytes {
            let received = try withMutableBytes(&head) { (buffer) throws(FileSystemError) in
                try read(
                    descriptor, into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]), at: Int64(filled),
                    path: path)
            }
            if received == 0 { break }
            filled += received
        }
        return Array(head[..<filled])
    }

    /// The last `bytes` bytes of the file at `path` (all of it when shorter).
    public static func readTail(_ path: String, bytes: Int) throws(FileSystemError) -> [UInt8] {
        let descriptor = try open(path, .readOnly)
        defer { close(descriptor) }
        let size = try size(descriptor, path: path)
        let count = min(Int(size), bytes)
        var tail = [UInt8](repeating: 0, count: count)
        let received = try withMutableBytes(&tail) { (buffer) throws(FileSystemError) in
            try read(descriptor, into: buffer, at: size - Int64(count), path: path)
        }
        guard received == count else { throw FileSystemError(operation: "pread", path: path, code: EIO) }
        return tail
    }

    /// Creates or replaces `path` with `bytes`, without fsync: for files a crash may lose.
    public static func writeFile(_ bytes: [UInt8], to path: String, permissions: UInt32 = 0o644) throws(FileSystemError) {
        let descriptor = try open(path, [.writeOnly, .create, .truncate], permissions: permissions)
        defer { close(descriptor) }
        try writeAll(descriptor, bytes, path: path)
    }

    /// Writes all of `bytes` to a new file at `path` (which must not exist), gives it
    /// exactly `permissions`, and fsyncs it unless `durable` is false (for many files
    /// flushed later by one `syncFileSystem`).
    public static func writeNewFile(
        _ bytes: [UInt8], to path: String, permissions: UInt32 = 0o644, durable: Bool = true
    ) throws(FileSystemError) {
        let descriptor = try open(path, [.writeOnly, .create, .exclusive], permissions: permissions)
        defer { close(descriptor) }
        try writeAll(descriptor, bytes, path: path)
        try changePermissions(descriptor, permissions, path: path)
        if durable { try sync(descriptor, path: path) }
    }

    /// Appends `bytes` to `path` (created if missing) in one `write(2)`, so writers
    /// appending at once never interleave; fsyncs it when `durable`.
    public static func append(_ bytes: [UInt8], to path: String, durable: Bool = false) throws(FileSystemError) {
        let descriptor = try open(path, [.writeOnly, .create, .append])
        defer { close(descriptor) }
        try writeOnce(descriptor, bytes, path: path)
        if durable { try sync(descriptor, path: path) }
    }

    /// Copies a regular file's bytes to a new file with its own inode, so that changing one
    /// never changes the other: a copy-on-write clone (`FICLONE`) where the file system
    /// shares blocks (btrfs, xfs), else a copy in the kernel (`copy_file_range`), else
    /// through a buffer. fsyncs the copy when `durable`.
    ///
    /// What is copied is the file opened, checked after opening: a source that is (or was
    /// swapped for) a symbolic link, a FIFO or a device fails with ELOOP or EINVAL instead of
    /// copying what it leads to, so a process that can write the source's folder cannot make
    /// a more privileged copier read a file it could not read itself.
    public static func copyFile(
        _ source: String, to destination: String, permissions: UInt32, durable: Bool = true
    ) throws(FileSystemError) {
        let input = try open(source, [.readOnly, .noFollow, .nonBlocking])
        defer { close(input) }
        var info = stat()
        guard fstat(input, &info) == 0 else { throw .fromErrno("fstat", source) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw FileSystemError(operation: "copy", path: source, code: EINVAL)
        }
        let output = try open(destination, [.writeOnly, .create, .exclusive], permissions: permissions)
        defer { close(output) }
        if cplatform_clone_file(output, input) != 0 {
            try copyBytes(from: input, source, to: output, destination)
        }
        try changePermissions(output, permissions, path: destination)
        if durable { try sync(output, path: destination) }
    }

    /// Copies what is left of `input` to `output`: in the kernel while it can, then (on a
    /// file system or kernel that refuses `copy_file_range`) through a buffer.
    private static func copyBytes(
        from input: Int32, _ source: String, to output: Int32, _ destination: String
    ) throws(FileSystemError) {
        while true {
            let copied = cplatform_copy_file_range(input, output, 1 << 30)
            if copied == 0 { return }
            if copied > 0 { continue }
            if errno == EINTR { continue }
            if [EXDEV, EINVAL, EOPNOTSUPP, ENOSYS, EBADF].contains(errno) { break }
            throw .fromErrno("copy_file_range", "\(source) → \(destination)")
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try read(input, into: buffer, path: source)
            if count == 0 { break }
            try writeAll(output, UnsafeRawBufferPointer(rebasing: buffer[0..<count]), path: destination)
        }
    }
}

extension FileSystem {
    /// `withUnsafeBytes` for a body that throws `FileSystemError` (the standard library's
    /// rethrows loses the type).
    public static func withBytes<Result>(
        _ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(FileSystemError) -> Result
    ) throws(FileSystemError) -> Result {
        let outcome = bytes.withUnsafeBytes { buffer in
            Swift.Result { () throws(FileSystemError) in try body(buffer) }
        }
        return try outcome.get()
    }

    /// `withUnsafeMutableBytes` for a body that throws `FileSystemError`.
    public static func withMutableBytes<Result>(
        _ bytes: inout [UInt8], _ body: (UnsafeMutableRawBufferPointer) throws(FileSystemError) -> Result
    ) throws(FileSystemError) -> Result {
        let outcome = bytes.withUnsafeMutableBytes { buffer in
            Swift.Result { () throws(FileSystemError) in try body(buffer) }
        }
        return try outcome.get()
    }
}
