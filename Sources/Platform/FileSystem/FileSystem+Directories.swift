import Glibc

extension FileSystem {
    /// `mkdir(2)`; a folder already there is fine.
    public static func makeDirectory(_ path: String, permissions: UInt32 = 0o755) throws(FileSystemError) {
        if Glibc.mkdir(path, mode_t(permissions)) == 0 { return }
        let code = errno
        if code == EEXIST, (try status(path))?.kind == .directory { return }
        throw FileSystemError(operation: "mkdir", path: path, code: code)
    }

    /// `mkdir(2)`, failing with EEXIST when anything is already there: the caller claims
    /// the folder (a run directory two processes must never share).
    public static func makeNewDirectory(_ path: String, permissions: UInt32 = 0o755) throws(FileSystemError) {
        try retrying("mkdir", path) { Glibc.mkdir(path, mode_t(permissions)) }
    }

    /// `mkdir -p`: creates `path` and its missing parents; a folder already there is fine.
    public static func makeDirectories(_ path: String, permissions: UInt32 = 0o755) throws(FileSystemError) {
        if Glibc.mkdir(path, mode_t(permissions)) == 0 { return }
        switch errno {
        case EEXIST:
            if try status(path)?.kind == .directory { return }
            throw FileSystemError(operation: "mkdir", path: path, code: EEXIST)
        case ENOENT:
            let parent = splitLastComponent(path).directory
            guard !parent.isEmpty, parent != path else { throw .fromErrno("mkdir", path) }
            try makeDirectories(parent, permissions: permissions)
            try makeDirectory(path, permissions: permissions)
        default:
            throw .fromErrno("mkdir", path)
        }
    }

    /// The names in a folder, without `.` and `..`, in no particular order.
    public static func listDirectory(_ path: String) throws(FileSystemError) -> [String] {
        var names: [String] = []
        try forEachDirectoryEntry(path) { name, _ in names.append(name) }
        return names
    }

    /// Calls `body` with the name and `readdir(3)`'s `d_type` of each entry of a folder but
    /// `.` and `..`, in no particular order.
    static func forEachDirectoryEntry(
        _ path: String, _ body: (String, Int) throws(FileSystemError) -> Void
    ) throws(FileSystemError) {
        guard let directory = opendir(path) else { throw .fromErrno("opendir", path) }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { try body(name, Int(entry.pointee.d_type)) }
        }
    }

    /// The names in a folder, sorted; empty when the folder does not exist.
    public static func sortedEntries(_ path: String) throws(FileSystemError) -> [String] {
        do {
            return try listDirectory(path).sorted()
        } catch where error.code == ENOENT {
            return []
        }
    }

    /// `unlink(2)`; nothing there is fine.
    public static func removeFile(_ path: String) throws(FileSystemError) {
        if Glibc.unlink(path) != 0 && errno != ENOENT { throw .fromErrno("unlink", path) }
    }

    /// `rmdir(2)`; nothing there is fine.
    public static func removeDirectory(_ path: String) throws(FileSystemError) {
        if Glibc.rmdir(path) != 0 && errno != ENOENT { throw .fromErrno("rmdir", path) }
    }

    /// `rm -rf` that also removes read-only trees (it makes folders writable first).
    public static func removeTree(_ path: String) throws(FileSystemError) {
        guard let info = try status(path) else { return }
        guard info.kind == .directory else { return try removeFile(path) }
        if info.permissions & 0o700 != 0o700 { try changePermissions(path, info.permissions | 0o700) }
        for name in try listDirectory(path) { try removeTree(path + "/" + name) }
        try removeDirectory(path)
    }

    /// `link(2)`: `destination` becomes another name of `source`; false when something
    /// is already at `destination`.
    public static func hardLink(_ source: String, _ destination: String) throws(FileSystemError) -> Bool {
        if Glibc.link(source, destination) == 0 { return true }
        if errno == EEXIST { return false }
        throw .fromErrno("link", "\(source) → \(destination)")
    }

    /// A new temporary file in `folder` (`mkstemp`), already unlinked: open for reading and
    /// writing, gone from the disk once closed, seen by no other process.
    public static func openUnlinkedTemporaryFile(in folder: String, prefix: String) throws(FileSystemError) -> Int32 {
        var template = Array((folder + "/" + prefix + "XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard descriptor >= 0 else { throw .fromErrno("mkstemp", path) }
        _ = Glibc.unlink(path)
        return descriptor
    }

    /// `readlink(2)`.
    public static func readSymbolicLink(_ path: String) throws(FileSystemError) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = Glibc.readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { throw .fromErrno("readlink", path) }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `symlink(2)`: a link at `path` to `target`.
    public static func makeSymbolicLink(target: String, at path: String) throws(FileSystemError) {
        guard Glibc.symlink(target, path) == 0 else { throw .fromErrno("symlink", path) }
    }
}
