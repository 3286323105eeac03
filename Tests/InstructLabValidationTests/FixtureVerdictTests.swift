import Foundation
import InstructLabValidation
import TestSupport
import Testing

/// Every InstructLab fixture gets InstructLab's verdict.
@Suite struct FixtureVerdictTests {
    enum Verdict: Equatable {
        case valid, invalid, warning
    }

    /// instructlab-schema's own verdicts for its test data (`tests/test_parse.py`).
    static let schemaTestdata: [String: Verdict] = [
        "compositional_skills/array_yaml/qna.yaml": .invalid,
        "compositional_skills/empty_yaml/qna.yaml": .warning,
        "compositional_skills/invalid_yaml/qna.yaml": .invalid,
        "compositional_skills/invalid_yaml_1/qna.yaml": .invalid,
        "compositional_skills/skill_incomplete/qna.yaml": .invalid,
        "compositional_skills/skill_valid/qna.yaml": .valid,
        "compositional_skills/version_1/qna.yaml": .valid,
        "knowledge/invalid_name/file.yaml": .invalid,
        "knowledge/invalid_name/qna.yml": .invalid,
        "knowledge/knowledge_valid/qna.yaml": .valid,
        "knowledge/unsupported/qna.yaml": .invalid,
    ]

    static func verdict(of report: LeafReport) -> Verdict {
        if !report.isValid { return .invalid }
        return report.warnings.isEmpty ? .valid : .warning
    }

    // The schema test data has no attribution.txt files: InstructLab's validator
    // (instructlab-schema) does not ask for them; the taxonomy's CI does.
    @Test func schemaTestdataVerdicts() throws {
        let validator = LeafValidator(options: LeafValidationOptions(requiresAttribution: false))
        let leaves = try FixtureLeaves.leaves(under: InstructLabFixtures.schemaTestdata)
        #expect(Set(leaves.map(\.path)) == Set(Self.schemaTestdata.keys))
        for leaf in leaves {
            let report = validator.validate(leaf)
            #expect(Self.verdict(of: report) == Self.schemaTestdata[leaf.path], "\(leaf.path): \(report.diagnostics)")
        }
    }

    @Test func taxonomySamplesAreValidAndFoundationalSkillsIgnored() throws {
        let validator = LeafValidator()
        let leaves = try FixtureLeaves.leaves(under: InstructLabFixtures.taxonomySamples)
        // Four skills, a knowledge leaf and a foundational skill.
        #expect(leaves.count == 6)
        var validated = 0
        for leaf in leaves {
            guard validator.isLeafToValidate(leaf.path) else {
                #expect(leaf.path.hasPrefix("foundational_skills/"))
                continue
            }
            let report = validator.validate(leaf)
            #expect(report.diagnostics.isEmpty, "\(leaf.path): \(report.diagnostics)")
            #expect((report.version ?? 0) >= 2)
            validated += 1
        }
        #expect(validated == leaves.count - 1)
    }

    @Test func validSkillIsReportedWithItsKindAndVersion() throws {
        let leaf = try FixtureLeaves.leaf(
            at: InstructLabFixtures.schemaTestdata.appendingPathComponent("compositional_skills/skill_valid/qna.yaml"),
            root: InstructLabFixtures.schemaTestdata)
        let report = LeafValidator(options: LeafValidationOptions(requiresAttribution: false)).validate(leaf)
        #expect(report.kind == .skill)
        #expect(report.version == 3)
        #expect(report.diagnostics.isEmpty)
    }
}
