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

    @Test(arguments: [
        ("compositional_skills/writing/poem", LeafKind.skill), ("knowledge/science/birds", .knowledge),
        ("foundational_skills/reading/basics", .skill),
    ])
    func theFirstFolderPicksTheKind(path: String, kind: LeafKind) throws {
        #expect(LeafKind(of: try #require(LeafPath(path))) == kind)
    }
}
