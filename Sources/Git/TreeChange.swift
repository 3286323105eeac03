/// One side of a changed path: where the file was or is, and what it held.
public struct ChangedFile: Sendable, Hashable {
    /// The path from the repository root.
    public let path: String
    /// The blob id (or, for a submodule, the commit id) on this side.
    public let id: ObjectID
    /// The raw git file mode on this side, e.g. `0o100644`.
    public let mode: UInt32
    /// What the entry is on this side.
    public let kind: EntryKind

    /// Creates one side of a change from its parts.
    public init(path: String, id: ObjectID, mode: UInt32, kind: EntryKind) {
        self.path = path
        self.id = id
        self.mode = mode
        self.kind = kind
    }
}

/// A path that differs between two commits' trees.
public struct TreeChange: Sendable, Hashable {
    /// How the path changed.
    public enum Status: Sendable, Hashable {
        /// The path is new.
        case added
        /// The content or mode changed at the same path.
        case modified
        /// The path is gone.
        case removed
        /// The content moved from `old.path` to `new.path`; `similarity` is 0–100
        /// (100 for an exact move).
        case renamed(similarity: Int)
        /// The same path changed between a file, a symlink and a submodule.
        case typeChanged
    }

    /// How the path changed.
    public let status: Status
    /// The path before the change; nil when added.
    public let old: ChangedFile?
    /// The path after the change; nil when removed.
    public let new: ChangedFile?

    /// Creates a change from its parts.
    public init(status: Status, old: ChangedFile?, new: ChangedFile?) {
        self.status = status
        self.old = old
        self.new = new
    }

    /// The path after the change, or before it when the path was removed.
    public var path: String { new?.path ?? old?.path ?? "" }
}
