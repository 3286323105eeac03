import InstructLabValidation
import YAML
import Testing

@Suite struct LeafSelectionAndFormatTests {
    @Test(arguments: [
        ("compositional_skills/writing/poems/qna.yaml", true, LeafKind?.some(.skill)),
        ("knowledge/science/birds/qna.yaml", true, .knowledge),
        ("knowledge/science/birds/qna.yml", true, .knowledge),
        ("knowledge/science/birds/attribution.txt", false, .knowledge),
        ("foundational_skills/reasoning/qna.yaml", false, nil),
        ("qna.yaml", false, nil),
        ("docs/knowledge/qna.yaml", false, nil),
    ])
    func leavesToValidateAreYAMLUnderTheConfiguredFolders(path: String, validated: Bool, kind: LeafKind?) {
        let validator = LeafValidator()
        #expect(validator.isLeafToValidate(path) == validated)
        #expect(validator.kind(ofLeafAt: path) == kind)
    }

    @Test func configuredFoldersDecide() {
        let validator = LeafValidator(options: LeafValidationOptions(folders: ["knowledge"]))
        #expect(!validator.isLeafToValidate("compositional_skills/a/qna.yaml"))
        #expect(validator.isLeafToValidate("knowledge/a/qna.yaml"))
    }

    @Test func githubFormatUsesWorkflowCommandsWithEscaping() {
        let schema = LeafDiagnostic(
            .schema,
            Diagnostic(
                .error, at: SourceLocation(file: "knowledge/a,b/qna.yaml", line: 12, column: 5),
                path: KeyPath([.key("seed_examples"), .index(2)]), "'answer' is a required property"),
            yamlPath: ".seed_examples[2]")
        let lint = LeafDiagnostic(
            .lint(rule: "colons"),
            Diagnostic(.warning, at: SourceLocation(file: "knowledge/a/qna.yaml", line: 3, column: 9), "100% wrong\nhere"))
        let github = LeafDiagnosticFormatter(format: .github)
        #expect(github.format(schema) ==
            "::error file=knowledge/a%2Cb/qna.yaml,line=12,col=5::12:5 [.seed_examples[2]] 'answer' is a required property")
        #expect(github.format(lint) == "::warning file=knowledge/a/qna.yaml,line=3,col=9::3:9 100%25 wrong%0Ahere")
        let text = LeafDiagnosticFormatter(format: .text)
        #expect(text.format(schema) == "ERROR: knowledge/a,b/qna.yaml:12:5 [.seed_examples[2]] 'answer' is a required property")
        #expect(text.format(lint) == "WARN: knowledge/a/qna.yaml:3:9 100% wrong\nhere")
    }

    @Test func concurrentValidationKeepsOrderAndResults() async {
        let validator = LeafValidator(options: LeafValidationOptions(requiresAttribution: false))
        let leaves = (0..<300).map { index in
            LeafSource(
                path: "compositional_skills/s\(index)/qna.yaml",
                bytes: Array((index % 3 == 0 ? "- not a mapping\n" : "version: 1\ncreated_by: x\ntask_description: t\nseed_examples:\n  - {question: q, answer: a}\n").utf8),
                siblings: .none)
        }
        let reports = await validator.validateConcurrently(leaves)
        #expect(reports == validator.validate(leaves))
        #expect(reports.filter(\.isValid).count == 200)
    }
}
