import InstructLabValidation
import Testing

/// The one leaf kind: its raw values are what modelbuild's files hold, its schema names
/// are InstructLab's.
@Suite struct LeafKindTests {
    @Test func rawValuesAreWhatFilesHoldAndSchemaNamesAreTheFolders() {
        #expect(LeafKind.allCases.map(\.rawValue) == ["skill", "knowledge"])
        #expect(LeafKind.allCases.map(\.schemaName) == ["compositional_skills", "knowledge"])
        #expect(LeafKind(schemaName: "compositional_skills") == .skill)
        #expect(LeafKind(schemaName: "knowledge") == .knowledge)
        #expect(LeafKind(schemaName: "skill") == nil)
        #expect(LeafKind(schemaName: "foundational_skills") == nil)
        #expect(LeafKind(rawValue: "compositional_skills") == nil)
    }

    /// As validation picks the schema: the last configured taxonomy folder of the path.
    @Test(arguments: [
        ("compositional_skills/writing/poem", LeafKind.skill), ("knowledge/science/birds", .knowledge),
        ("foundational_skills/reading/basics", .skill), ("compositional_skills/a/knowledge/b", .knowledge),
        ("knowledge/a/compositional_skills/b", .skill),
    ])
    func theLastTaxonomyFolderPicksTheKind(path: String, kind: LeafKind) throws {
        let folders = ["compositional_skills", "knowledge", "foundational_skills"]
        #expect(LeafKind(of: try #require(LeafPath(path)), folders: folders) == kind)
    }

    /// A folder that is not configured picks nothing.
    @Test func aFolderThatIsNotConfiguredPicksNothing() throws {
        let path = try #require(LeafPath("compositional_skills/a/knowledge/b"))
        #expect(LeafKind(of: path, folders: ["compositional_skills"]) == .skill)
        #expect(LeafKind(of: try #require(LeafPath("knowledge/science/birds")), folders: ["compositional_skills"]) == .skill)
    }
}
