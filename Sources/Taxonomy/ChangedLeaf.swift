import Git
import InstructLabValidation

/// A leaf that differs between two commits, with its `qna.yaml` blob on each side.
///
/// A leaf is its folder: a renamed folder is one leaf removed and another added; a change
/// to any file directly in the folder (`attribution.txt` too) modifies the leaf.
public struct ChangedLeaf: Sendable, Hashable {
    /// How the leaf changed.
    public enum Change: String, Sendable, Hashable, CaseIterable {
        /// The folder holds a `qna.yaml` now and did not before.
        case added
        /// The folder holds a `qna.yaml` on both sides and some file in it changed.
        case modified
        /// The folder held a `qna.yaml` before and does not now.
        case removed
    }

    /// How the leaf changed.
    public let change: Change
    /// The leaf's folder.
    public let path: LeafPath
    /// Skill or knowledge, from the path (`LeafKind(of:folders:)`).
    public let kind: LeafKind
    /// The `qna.yaml` blob before; nil when added.
    public let oldBlobID: ObjectID?
    /// The `qna.yaml` blob after; nil when removed.
    public let newBlobID: ObjectID?

    /// Creates a changed leaf from its parts; `folders` are the configured taxonomy
    /// folders, which tell its kind.
    public init(
        change: Change, path: LeafPath, oldBlobID: ObjectID?, newBlobID: ObjectID?,
        folders: [String] = TaxonomyLayout.defaultFolders
    ) {
        self.change = change
        self.path = path
        self.kind = LeafKind(of: path, folders: folders)
        self.oldBlobID = oldBlobID
        self.newBlobID = newBlobID
    }

    /// `<folder>/qna.yaml`.
    public var qnaPath: String { path.text + "/" + TaxonomyLayout.leafFileName }

    /// True when only files beside `qna.yaml` changed (an attribution fix).
    public var isLeafFileUnchanged: Bool { change == .modified && oldBlobID == newBlobID }
}
