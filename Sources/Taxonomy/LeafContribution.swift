import Git
import InstructLabValidation
import YAML

/// Who and what a leaf's current content came from: the commit (and pull request) that
/// last changed it, its `created_by`, its parsed `attribution.txt`, and for a knowledge leaf
/// the documents it was read with. What a model card and `modelbuild credits` are made of.
public struct LeafContribution: Sendable, Hashable {
    /// The leaf folder (`knowledge/science/birds`).
    public var path: String
    public var kind: LeafKind
    /// `created_by` in `qna.yaml` (a forge user name), when it is a string.
    public var createdBy: String?
    /// The parsed `attribution.txt`, when the leaf has one.
    public var attribution: LeafAttribution?
    /// The first-parent commit that last changed the leaf's folder, when it lies within the
    /// history read (`LeafHistory.defaultMaxCommits`).
    public var lastChange: Commit?
    /// A knowledge leaf's documents as read for this build.
    public var documents: LeafDocuments?

    public init(
        path: String, kind: LeafKind, createdBy: String?, attribution: LeafAttribution?, lastChange: Commit?,
        documents: LeafDocuments?
    ) {
        self.path = path
        self.kind = kind
        self.createdBy = createdBy
        self.attribution = attribution
        self.lastChange = lastChange
        self.documents = documents
    }

    /// The contribution record of every leaf of `tree`, sorted by path; `documents` by leaf
    /// path, as resolved for the build.
    public static func read(
        _ tree: TaxonomyTree, from repository: Repository, documents: [String: LeafDocuments]
    ) throws(TaxonomyError) -> [LeafContribution] {
        let changes = try LeafHistory.lastChanges(
            of: Set(tree.leaves.map(\.path.text)), in: repository, head: tree.commit, folders: tree.folders)
        var contributions: [LeafContribution] = []
        for leaf in tree.leaves {
            let qna = try TaxonomyTree.readLeafFile(leaf, from: repository)
            let createdBy = (try? YAMLParser.parse(qna, file: leaf.qnaPath, duplicateKeys: .lastWins))??["created_by"]?.scalar?.text
            var attribution: LeafAttribution?
            if let file = leaf.siblings.first(where: { $0.name == TaxonomyLayout.attributionFileName && $0.kind.isReadableFile }) {
                do {
                    attribution = LeafAttribution(
                        parsing: try repository.readBlob(file.blobID, maxSize: TaxonomyLayout.maxLeafBytes).bytes)
                } catch {
                    throw .git(error, "read the attribution", leaf.path.text + "/" + file.name)
                }
            }
            contributions.append(
                LeafContribution(
                    path: leaf.path.text, kind: leaf.kind, createdBy: createdBy, attribution: attribution,
                    lastChange: changes[leaf.path.text], documents: documents[leaf.path.text]))
        }
        return contributions.sorted { $0.path < $1.path }
    }
}

/// What a contribution record keeps of a knowledge leaf's documents: where they were read
/// and their digests, not their bytes.
public struct LeafDocuments: Sendable, Hashable {
    /// One document: its path in the repository and its SHA-256.
    public struct File: Sendable, Hashable {
        public var path: String
        public var sha256: String
    }

    /// `document.repo` as the leaf writes it.
    public var repository: String
    public var commit: ObjectID
    /// Sorted by path.
    public var files: [File]

    /// The record of `set`.
    public init(_ set: KnowledgeDocumentSet) {
        repository = set.repository
        commit = set.commit
        files = set.files.map { File(path: $0.path, sha256: $0.sha256) }
    }
}
