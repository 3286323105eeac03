/// The one way the project writes a file atomically: a reader sees the old file or the
/// whole new one, never a part, and after a crash one of the two is on disk.
///
/// The policy: a temporary file in the same folder (so the rename never crosses a file
/// system), every byte written, the file fsynced, renamed over the target (or, with
/// `.noReplace`, renamed only if nothing is there), then the folder fsynced so the
/// rename itself is durable. A failure removes the temporary file.
public enum AtomicFile {
    /// What happens when a file is already at the target.
    public enum Placement: Sendable, Hashable {
        /// Replace it (`rename(2)`).
        case replace
        /// Refuse (`renameat2(RENAME_NOREPLACE)`): `write` throws EEXIST and the file stays.
        case noReplace
    }

    /// How every temporary file's name starts (`.tmp-<unique>-<name>`), so that whoever
    /// owns a folder can find and remove those a killed writer left.
    public static let temporaryPrefix = ".tmp-"

    /// Writes `bytes` to `path` atomically, with exactly `permissions`.
    ///
    /// - Parameter durable: false leaves both fsyncs to a later `FileSystem.syncFileSystem`
    ///   (the rename is still atomic for readers and survives the process being killed);
    ///   for many small files in one run, where one `syncfs` costs less.
    /// - Throws: `FileSystemError`; with `.noReplace`, one with `FileSystemError.Code.exists`
    ///   when something is already at `path`.
    public static func write(
        _ bytes: [UInt8], to path: String, permissions: UInt32 = 0o644, placement: Placement = .replace,
        durable: Bool = true
    ) throws(FileSystemError) {
        try place(at: path, placement: placement, durable: durable, temporaryFolder: nil) {
            (temporary) throws(FileSystemError) in
            let descriptor = try FileSystem.open(temporary, [.writeOnly, .create, .exclusive], permissions: permissions)
            defer { FileSystem.close(descriptor) }
            try FileSystem.writeAll(descriptor, bytes, path: temporary)
            try FileSystem.changePermissions(descriptor, permissions, path: temporary)
            if durable { try FileSystem.sync(descriptor, path: temporary) }
        }
    }

    /// Copies the file at `source` to `path` by the same policy, for content too large to
    /// hold in memory (a blob that cannot be hard-linked).
    ///
    /// - Parameter temporaryFolder: where the copy is made before it is renamed in; the
    ///   target's folder when nil. It must be on the target's file system.
    public static func copy(
        _ source: String, to path: String, permissions: UInt32 = 0o644, placement: Placement = .replace,
        durable: Bool = true, temporaryFolder: String? = nil
    ) throws(FileSystemError) {
        try place(at: path, placement: placement, durable: durable, temporaryFolder: temporaryFolder) {
            (temporary) throws(FileSystemError) in
            try FileSystem.copyFile(source, to: temporary, permissions: permissions, durable: durable)
        }
    }

    /// Makes the content with `fill` under a temporary name, renames it to `path` as
    /// `placement` says, and fsyncs the folder; removes the temporary file on failure.
    private static func place(
        at path: String, placement: Placement, durable: Bool, temporaryFolder: String?,
        _ fill: (String) throws(FileSystemError) -> Void
    ) throws(FileSystemError) {
        let (directory, name) = FileSystem.splitLastComponent(path)
        let temporary = (temporaryFolder ?? directory) + "/" + temporaryPrefix + FileSystem.uniqueSuffix() + "-" + name
        do throws(FileSystemError) {
            try fill(temporary)
            switch placement {
            case .replace:
                try FileSystem.rename(temporary, path)
            case .noReplace:
                guard try FileSystem.renameNoReplace(temporary, path) else {
                    throw FileSystemError(operation: "create", path: path, code: FileSystemError.Code.exists)
                }
            }
        } catch {
            try? FileSystem.removeFile(temporary)
            throw error
        }
        if durable { try FileSystem.syncPath(directory) }
    }

    /// Writes the UTF-8 of `text` to `path` atomically.
    public static func write(
        _ text: String, to path: String, permissions: UInt32 = 0o644, placement: Placement = .replace
    ) throws(FileSystemError) {
        try write(Array(text.utf8), to: path, permissions: permissions, placement: placement)
    }
}
