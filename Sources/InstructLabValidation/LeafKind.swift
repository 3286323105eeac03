/// Which kind of contribution a leaf is, and so which InstructLab schema it is checked
/// against.
///
/// The raw values are what modelbuild writes in its files (`taxonomy diff --json`,
/// generated datasets and their recipes) and reads back from them; the schema names
/// (`compositional_skills`, `knowledge`) are `schemaName`.
public enum LeafKind: String, Sendable, Hashable, CaseIterable {
    /// A skill: seed questions with answers (and sometimes a context), under
    /// `compositional_skills/` or any configured folder but `knowledge`.
    case skill
    /// Knowledge, under `knowledge/`: its `qna.yaml` names documents in another repository.
    case knowledge

    /// `.knowledge` when the last component of `path` that is one of the taxonomy
    /// `folders` is `knowledge`, otherwise `.skill`: the schema validation checks the leaf
    /// against, as InstructLab's `TaxonomyParser` picks it (looking from the end, so
    /// `compositional_skills/a/knowledge/b` is knowledge).
    public init(of path: LeafPath, folders: some Sequence<String>) {
        let folders = Set(folders)
        let folder = path.text.split(separator: "/").last { folders.contains(String($0)) }
        self = folder == Substring(LeafKind.knowledge.schemaName) ? .knowledge : .skill
    }

    /// The kind whose schema (and taxonomy folder) is named `schemaName`; nil for any
    /// other name.
    public init?(schemaName: String) {
        guard let kind = Self.allCases.first(where: { $0.schemaName == schemaName }) else { return nil }
        self = kind
    }

    /// The name of the kind's schema file, which is also its taxonomy folder:
    /// `compositional_skills` or `knowledge`.
    public var schemaName: String {
        switch self {
        case .skill: "compositional_skills"
        case .knowledge: "knowledge"
        }
    }
}
