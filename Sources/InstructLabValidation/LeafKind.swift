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

    /// `.knowledge` when the path's first component is `knowledge`, otherwise `.skill`,
    /// as InstructLab picks a leaf's schema.
    public init(of path: LeafPath) {
        self = path.topFolder == LeafKind.knowledge.schemaName ? .knowledge : .skill
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
