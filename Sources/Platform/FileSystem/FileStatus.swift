import Glibc

/// What `lstat(2)` says about a path: the link itself, not what it points to.
public struct FileStatus: Sendable, Hashable {
    /// The kinds of file the project tells apart.
    public enum Kind: Sendable, Hashable {
        /// A regular file.
        case regular
        /// A folder.
        case directory
        /// A symbolic link.
        case symbolicLink
        /// A device, socket or pipe.
        case other
    }

    /// What kind of file it is.
    public var kind: Kind
    /// Its size in bytes.
    public var size: Int64
    /// Permission bits only (`0o644`).
    public var permissions: UInt32
    /// How many names it has.
    public var linkCount: UInt64
    /// The device it is on.
    public var device: UInt64
    /// Its inode number on that device.
    public var inode: UInt64
    /// The user id that owns it.
    public var owner: UInt32 = 0
    /// The group id that owns it.
    public var group: UInt32 = 0

    /// Whether it is a regular file.
    public var isRegularFile: Bool { kind == .regular }
    /// Whether it is a folder.
    public var isDirectory: Bool { kind == .directory }
    /// Whether it is a symbolic link.
    public var isSymbolicLink: Bool { kind == .symbolicLink }
}

extension FileSystem {
    /// `lstat(2)`; nil when nothing is there (ENOENT, or a component is not a folder).
    public static func status(_ path: String) throws(FileSystemError) -> FileStatus? {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw .fromErrno("lstat", path)
        }
        let kind: FileStatus.Kind =
            switch info.st_mode & S_IFMT {
            case S_IFREG: .regular
            case S_IFDIR: .directory
            case S_IFLNK: .symbolicLink
            default: .other
            }
        return FileStatus(
            kind: kind, size: Int64(info.st_size), permissions: UInt32(info.st_mode) & 0o7777,
            linkCount: UInt64(info.st_nlink), device: UInt64(info.st_dev), inode: UInt64(info.st_ino),
            owner: info.st_uid, group: info.st_gid)
    }

    /// Whether anything (a dangling link included) is at `path`.
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Whether `path` (links followed) is a regular file this process may execute:
    /// `stat(2)` and `access(X_OK)`, as a shell's `PATH` search decides.
    public static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }

    /// `chmod(2)`.
    public static func changePermissions(_ path: String, _ permissions: UInt32) throws(FileSystemError) {
        try retrying("chmod", path) { Glibc.chmod(path, mode_t(permissions)) }
    }

    /// `lchown(2)`: gives `path` (a link itself, not what it points to) to `owner` and `group`.
    public static func changeOwner(_ path: String, owner: UInt32, group: UInt32) throws(FileSystemError) {
        try retrying("chown", path) { Glibc.lchown(path, owner, group) }
    }
}
