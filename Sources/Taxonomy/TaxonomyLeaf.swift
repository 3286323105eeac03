import Git
import InstructLabValidation

/// One leaf of the taxonomy at one commit: a folder holding a `qna.yaml` file, read from
/// git objects (never from a work tree).
public struct TaxonomyLeaf: Sendable, Hashable {
    /// A file beside `qna.yaml` in the leaf's folder (not below it).
    public struct File: Sendable, Hashable {
        /// The file's name, e.g. `attribution.txt`.
        public let name: String
        /// Its blob id (for a symlink, the blob holding the link's target).
        public let blobID: ObjectID
        /// What the entry is: a file, an executable, or a symlink (never followed).
        public let kind: EntryKind

        /// Creates a file record from its parts.
        public init(name: String, blobID: ObjectID, kind: EntryKind) {
            self.name = name
            self.blobID = blobID
            self.kind = kind
        }
    }

    /// The leaf's folder: its identity.
    public let path: LeafPath
    /// Skill or knowledge: the schema validation checks it against
    /// (`LeafKind(of:folders:)`).
    public let kind: LeafKind
    /// The blob id of its `qna.yaml`.
    public let qnaBlobID: ObjectID
    /// The tree id of its folder: changes whenever any file in or below it changes.
    public let treeID: ObjectID
    /// The other entries of the folder that are not folders, sorted by name.
    public let siblings: [File]

    /// Creates a leaf from its parts; `folders` are the configured taxonomy folders, which
    /// tell its kind.
    public init(
        path: LeafPath, qnaBlobID: ObjectID, treeID: ObjectID, siblings: [File],
        folders: [String] = TaxonomyLayout.defaultFolders
    ) {
        self.path = path
        self.kind = LeafKind(of: path, folders: folders)
        self.qnaBlobID = qnaBlobID
        self.treeID = treeID
        self.siblings = siblings
    }

    /// `<folder>/qna.yaml`, the path validation names the leaf by.
    public var qnaPath: String { path.text + "/" + TaxonomyLayout.leafFileName }

    /// The names of the sibling files (for validation's `attribution.txt` check).
    public var siblingNames: [String] { siblings.map(\.name) }

    /// Whether a regular `attribution.txt` sits beside `qna.yaml`.
    public var hasAttribution: Bool {
        siblings.contains { $0.name == TaxonomyLayout.attributionFileName && $0.kind.isReadableFile }
    }
}
