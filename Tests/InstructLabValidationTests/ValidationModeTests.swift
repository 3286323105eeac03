import Foundation
import InstructLabValidation
import Testing

/// `--mode ilab` and `--mode ci` on leaves where the two references disagree: ilab counts
/// yamllint's warnings as errors and loads with PyYAML; the taxonomy repository's CI keeps
/// warnings as warnings and lets through a tab only PyYAML refuses. Neither lints version 1.
@Suite struct ValidationModeTests {
    static let path = "compositional_skills/writing/poems/qna.yaml"
    static let attribution = SiblingFiles(sizes: ["attribution.txt": 42])

    static func report(_ yaml: String, _ mode: LeafValidationOptions.Reference) -> LeafReport {
        LeafValidator(options: LeafValidationOptions(reference: mode)).validate(
            LeafSource(path: path, bytes: Array(yaml.utf8), siblings: attribution))
    }

    static func leaf(version: Int = 3, answer: String = "answer: a1\n") -> String {
        "version: \(version)\ncreated_by: someone\ntask_description: Writing poems\nseed_examples:\n"
            + "  - question: q1\n    \(answer)"
            + (2...5).map { "  - question: q\($0)\n    answer: a\($0)\n" }.joined()
    }

    @Test func aYamllintWarningIsAnErrorForIlabAndAWarningForCI() {
        let yaml = Self.leaf(answer: "answer:   a1\n")
        let ilab = Self.report(yaml, .ilab)
        let ci = Self.report(yaml, .ci)
        #expect(!ilab.isValid)
        #expect(ilab.errors.map(\.message) == ["too many spaces after colon (colons)"])
        #expect(ci.isValid)
        #expect(ci.warnings.map(\.message) == ["too many spaces after colon (colons)"])
    }

    @Test func aTabOnlyPyYAMLRefusesFailsIlabAndPassesCIInAnUnlintedLeaf() {
        // Version 1: no yamllint in either; only ilab's PyYAML loader refuses the tab.
        let unlinted = Self.leaf(version: 1, answer: "answer:\t|\n      a1\n")
        #expect(Self.report(unlinted, .ilab).errors.map(\.message) == ["syntax error: found character '\\t' that cannot start any token (syntax)"])
        #expect(Self.report(unlinted, .ci).diagnostics == [])
        // Version 3: yamllint, which both run, refuses it too.
        let linted = Self.leaf(answer: "answer:\t|\n      a1\n")
        #expect(!Self.report(linted, .ilab).isValid)
        #expect(!Self.report(linted, .ci).isValid)
    }

    @Test func aBadMergeKeyFailsIlabAndIsLeftOutByCI() {
        let yaml = Self.leaf().replacingOccurrences(of: "  - question: q2\n", with: "  - <<: [1]\n    question: q2\n")
        let ilab = Self.report(yaml, .ilab)
        #expect(ilab.errors.map(\.message) == ["while constructing a mapping expected a mapping for merging, but found scalar"])
        let ci = Self.report(yaml, .ci)
        #expect(ci.isValid, "\(ci.diagnostics)")
        // A merge that is a mapping is applied in both, so what it brings is checked.
        let merged = Self.leaf().replacingOccurrences(of: "  - question: q2\n", with: "  - <<: {extra: 1}\n    question: q2\n")
        #expect(!Self.report(merged, .ilab).isValid)
        #expect(!Self.report(merged, .ci).isValid)
    }

    @Test func neitherLintsAVersionOneLeaf() {
        let yaml = Self.leaf(version: 1, answer: "answer:   a1\n")
        #expect(Self.report(yaml, .ilab).diagnostics == [])
        #expect(Self.report(yaml, .ci).diagnostics == [])
    }

    @Test func bothRefuseASchemaError() {
        let yaml = Self.leaf().replacingOccurrences(of: "task_description: Writing poems\n", with: "")
        #expect(!Self.report(yaml, .ilab).isValid)
        #expect(!Self.report(yaml, .ci).isValid)
    }

    @Test func anEmptyLeafIsValidWithTheSameWarningInBoth() {
        for mode in LeafValidationOptions.Reference.allCases {
            let report = Self.report("# nothing yet\n", mode)
            #expect(report.isValid && report.isEmptyLeaf)
        }
        #expect(LeafValidator.isEmptyDocument(Array("# nothing\n".utf8)))
        #expect(LeafValidator.isEmptyDocument(Array("{}\n".utf8)))
        #expect(!LeafValidator.isEmptyDocument(Array("a: 1\n".utf8)))
        #expect(!LeafValidator.isEmptyDocument(Array("a: [\n".utf8)))
    }
}
