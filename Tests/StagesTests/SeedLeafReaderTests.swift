import InstructLabValidation
import Testing

@testable import Stages

/// A version-1 leaf is not linted, so a key written twice passes validation with the value
/// PyYAML keeps, the last; generation reads the same leaf, and must read the same value
/// instead of refusing what validation accepted.
@Suite struct SeedLeafReaderTests {
    static let leaf = """
        version: 1
        created_by: someone
        task_description: the first description
        seed_examples:
          - question: What is one and one?
            answer: Two.
        task_description: the description PyYAML keeps

        """

    @Test func aRepeatedKeyInAnUnlintedLeafValidatesAndIsReadWithItsLastValue() throws {
        let report = LeafValidator().validate(
            LeafSource(
                path: "compositional_skills/math/qna.yaml", bytes: Array(Self.leaf.utf8),
                siblings: SiblingFiles(names: ["attribution.txt"])))
        #expect(report.isValid, "\(report.diagnostics)")
        let seed = try SeedLeafReader.read(Array(Self.leaf.utf8), leaf: "compositional_skills/math")
        #expect(seed.taskDescription == "the description PyYAML keeps")
        guard case .skill(let examples) = seed.content else {
            Issue.record("expected a skill leaf, got \(seed)")
            return
        }
        #expect(examples.count == 1)
    }
}
