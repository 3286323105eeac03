#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one thin layer over the C file-system calls the publisher needs, so every
/// `errno` turns into an `ArtifactsError` naming the path and the call.
enum SystemCalls {
    static func failure(_ call: String, _ path: String, _ code: Int32 = errno) -> ArtifactsError {
        ArtifactsError(.systemCall, path: path, reason: "\(call) failed: \(String(cString: strerror(code))) (errno \(code))")
    }

    /// Opens `path`, retrying on EINTR.
    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws(ArtifactsError) -> Int32 {
        while true {
            let descriptor = Glibc.open(path, flags | O_CLOEXEC, mode)
            if descriptor >= 0 { return descriptor }
            if errno != EINTR { throw failure("open", path) }
        }
    }

    static func close(_ descriptor: Int32) {
        _ = Glibc.close(descriptor)
    }

    /// Flushes a file or a directory (by path) to stable storage.
    static func fsync(path: String, directory: Bool = false) throws(ArtifactsError) {
        let descriptor = try open(path, directory ? (O_RDONLY | O_DIRECTORY) : O_RDONLY)
        defer { close(descriptor) }
        try fsync(descriptor, path: path)
    }

    static func fsync(_ descriptor: Int32, path: String) throws(ArtifactsError) {
        while Glibc.fsync(descriptor) != 0 {
            if errno != EINTR { throw failure("fsync", path) }
        }
    }

    /// Writes all of `bytes` to a new file at `path` (which must not exist), fsyncs it,
    /// and gives it `mode`.
    static func writeNewFile(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644) throws(ArtifactsError) {
        let descriptor = try open(path, O_WRONLY | O_CREAT | O_EXCL, mode: mode)
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("write", path)
            }
            written += count
        }
        if fchmod(descriptor, mode) != 0 { throw failure("fchmod", path) }
        try fsync(descriptor, path: path)
    }

    /// Reads a whole (small) file.
    static func readFile(_ path: String) throws(ArtifactsError) -> [UInt8] {
        let descriptor = try open(path, O_RDONLY)
        defer { close(descriptor) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("read", path)
            }
            if count == 0 { return result }
            result.append(contentsOf: chunk[0..<count])
        }
    }

    static func makeDirectory(_ path: String, mode: mode_t = 0o755) throws(ArtifactsError) {
        if mkdir(path, mode) != 0 && errno != EEXIST { throw failure("mkdir", path) }
    }

    /// Creates `path` and its missing parents.
    static func makeDirectories(_ path: String) throws(ArtifactsError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            try makeDirectory(prefix)
        }
    }

    /// Hard-links `source` as `destination`; returns the errno instead of throwing, since
    /// EEXIST and EXDEV are expected outcomes the caller decides on.
    static func link(_ source: String, _ destination: String) -> Int32 {
        Glibc.link(source, destination) == 0 ? 0 : errno
    }

    static func rename(_ source: String, _ destination: String) throws(ArtifactsError) {
        if Glibc.rename(source, destination) != 0 { throw failure("rename to \(destination)", source) }
    }

    private typealias RenameAt2 = @convention(c) (
        Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32
    ) -> Int32

    /// glibc exports `renameat2` (2.28+) but Swift's Glibc module does not declare it, and the
    /// variadic `syscall` cannot be called from Swift, so the symbol is looked up once.
    private static let renameAt2: RenameAt2? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()

    /// `RENAME_NOREPLACE` from `<linux/fs.h>`.
    private static let renameNoReplaceFlag: UInt32 = 1

    /// Renames `source` to `destination` only if `destination` does not exist, atomically;
    /// false when it exists. Filesystems without the flag give `.renameNoReplaceUnsupported`.
    static func renameNoReplace(_ source: String, _ destination: String) throws(ArtifactsError) -> Bool {
        guard let renameAt2 else {
            throw ArtifactsError(
                .renameNoReplaceUnsupported, path: destination,
                reason: "this C library has no renameat2; cannot publish without risking an overwrite")
        }
        if renameAt2(AT_FDCWD, source, AT_FDCWD, destination, renameNoReplaceFlag) == 0 { return true }
        let code = errno
        switch code {
        case EEXIST, ENOTEMPTY: return false
        case EINVAL, ENOSYS, EOPNOTSUPP:
            throw ArtifactsError(
                .renameNoReplaceUnsupported, path: destination,
                reason: "the filesystem refuses renameat2(RENAME_NOREPLACE) (\(String(cString: strerror(code)))); "
                    + "publish to a local filesystem such as ext4, xfs or btrfs")
        default:
            throw failure("renameat2(RENAME_NOREPLACE) to \(destination)", source, code)
        }
    }

    /// What `lstat` says about a path, or nil when it does not exist.
    struct Status {
        var isRegularFile: Bool
        var isDirectory: Bool
        var isSymbolicLink: Bool
        var size: Int64
        var mode: mode_t
        var device: UInt64
    }

    static func status(_ path: String) throws(ArtifactsError) -> Status? {
        var info = stat()
        if lstat(path, &info) != 0 {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw failure("lstat", path)
        }
        let type = info.st_mode & S_IFMT
        return Status(
            isRegularFile: type == S_IFREG, isDirectory: type == S_IFDIR, isSymbolicLink: type == S_IFLNK,
            size: Int64(info.st_size), mode: info.st_mode & 0o7777, device: UInt64(info.st_dev))
    }

    static func changeMode(_ path: String, _ mode: mode_t) throws(ArtifactsError) {
        if chmod(path, mode) != 0 { throw failure("chmod", path) }
    }

    /// The names in a directory, without `.` and `..`; empty when it does not exist.
    static func directoryEntries(_ path: String) throws(ArtifactsError) -> [String] {
        guard let stream = opendir(path) else {
            if errno == ENOENT { return [] }
            throw failure("opendir", path)
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    static func removeFile(_ path: String) throws(ArtifactsError) {
        if unlink(path) != 0 && errno != ENOENT { throw failure("unlink", path) }
    }

    /// Removes a tree, making read-only folders writable first (blobs are 0444, folders
    /// are ours).
    static func removeTree(_ path: String) throws(ArtifactsError) {
        guard let info = try status(path) else { return }
        if info.isDirectory {
            if info.mode & 0o200 == 0 { try changeMode(path, 0o755) }
            for name in try directoryEntries(path) { try removeTree(path + "/" + name) }
            if rmdir(path) != 0 && errno != ENOENT { throw failure("rmdir", path) }
        } else {
            try removeFile(path)
        }
    }

    /// Takes an exclusive `flock` without blocking; false when another holder has it.
    static func tryLock(_ descriptor: Int32, path: String) throws(ArtifactsError) -> Bool {
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return true }
        if errno == EWOULDBLOCK || errno == EINTR { return false }
        throw failure("flock", path)
    }

    static func unlock(_ descriptor: Int32) {
        _ = flock(descriptor, LOCK_UN)
    }
}
