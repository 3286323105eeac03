import Glibc

/// One name in a folder and the kind of file it names (the name itself: a link is not
/// followed).
public struct DirectoryEntry: Sendable, Hashable {
    /// The name, without the folder's path.
    public var name: String
    /// What kind of file the name is.
    public var kind: FileStatus.Kind

    public init(name: String, kind: FileStatus.Kind) {
        self.name = name
        self.kind = kind
    }
}

extension FileSystem {
    /// The entries of a folder, without `.` and `..`, in no particular order, each with its
    /// kind as `readdir(3)` tells it: walking a tree takes no `lstat(2)` per file, only for
    /// an entry whose file system does not tell (one gone meanwhile is left out).
    public static func listDirectoryEntries(_ path: String) throws(FileSystemError) -> [DirectoryEntry] {
        var entries: [DirectoryEntry] = []
        try forEachDirectoryEntry(path) { name, type throws(FileSystemError) in
            let kind: FileStatus.Kind?
            switch type {
            case DT_REG: kind = .regular
            case DT_DIR: kind = .directory
            case DT_LNK: kind = .symbolicLink
            case DT_UNKNOWN: kind = try status(path + "/" + name)?.kind
            default: kind = .other
            }
            if let kind { entries.append(DirectoryEntry(name: name, kind: kind)) }
        }
        return entries
    }
}
