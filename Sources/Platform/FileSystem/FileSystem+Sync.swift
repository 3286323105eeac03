import CPlatform
import Glibc

extension FileSystem {
    /// `fsync(2)`: the file's data and metadata reach stable storage.
    public static func sync(_ descriptor: Int32, path: String) throws(FileSystemError) {
        try retrying("fsync", path) { Glibc.fsync(descriptor) }
    }

    /// `fdatasync(2)`: the file's data (and the size) reach stable storage.
    public static func syncData(_ descriptor: Int32, path: String) throws(FileSystemError) {
        try retrying("fdatasync", path) { Glibc.fdatasync(descriptor) }
    }

    /// fsyncs a file or folder by path, so what was written, renamed or linked into it
    /// survives a crash.
    public static func syncPath(_ path: String) throws(FileSystemError) {
        let descriptor = try open(path, .readOnly)
        defer { close(descriptor) }
        try sync(descriptor, path: path)
    }

    /// `syncfs(2)`: flushes everything pending on the file system holding `path` (one
    /// call instead of an fsync per file, and only that file system, unlike `sync()`).
    public static func syncFileSystem(_ path: String) throws(FileSystemError) {
        let descriptor = try open(path, .readOnly)
        defer { close(descriptor) }
        try retrying("syncfs", path) { cplatform_syncfs(descriptor) }
    }
}
