import CGit2

/// What a tree entry is, read from its git file mode.
public enum EntryKind: String, Sendable, Hashable, CaseIterable {
    /// A regular file (mode 100644, or the historic 100664).
    case file
    /// An executable file (mode 100755).
    case executable
    /// A symbolic link (mode 120000); its blob holds the link target.
    case symlink
    /// A submodule (a gitlink, mode 160000); its id is a commit in another repository.
    case submodule
    /// A directory (mode 040000).
    case tree

    /// The kind for a raw git file mode; nil for a mode git does not write.
    public init?(mode: UInt32) {
        switch mode {
        case GIT_FILEMODE_BLOB.rawValue, 0o100664: self = .file
        case GIT_FILEMODE_BLOB_EXECUTABLE.rawValue: self = .executable
        case GIT_FILEMODE_LINK.rawValue: self = .symlink
        case GIT_FILEMODE_COMMIT.rawValue: self = .submodule
        case GIT_FILEMODE_TREE.rawValue: self = .tree
        default: return nil
        }
    }

    /// True for the kinds whose content is a file a caller can read as bytes.
    public var isReadableFile: Bool { self == .file || self == .executable }
}

/// One entry of a tree, named by its full path from the repository root.
public struct TreeEntry: Sendable, Hashable {
    /// The path from the repository root, `/`-separated, without a leading slash.
    public let path: String
    /// What the entry is.
    public let kind: EntryKind
    /// The raw git file mode, e.g. `0o100644`.
    public let mode: UInt32
    /// The blob id (files, symlinks), tree id (trees) or commit id (submodules).
    public let id: ObjectID

    /// Creates an entry from its parts.
    public init(path: String, kind: EntryKind, mode: UInt32, id: ObjectID) {
        self.path = path
        self.kind = kind
        self.mode = mode
        self.id = id
    }
}
