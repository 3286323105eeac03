import Foundation
import InstructLabValidation
import Testing

/// Exact messages, in InstructLab's words and shape, with real lines and columns.
@Suite struct LeafValidationMessageTests {
    static let skillPath = "compositional_skills/writing/poems/qna.yaml"
    static let knowledgePath = "knowledge/science/birds/qna.yaml"
    static let withAttribution = SiblingFiles(sizes: ["attribution.txt": 42])

    static func lines(
        _ yaml: String, path: String = skillPath, siblings: SiblingFiles = withAttribution,
        options: LeafValidationOptions = LeafValidationOptions()
    ) -> [String] {
        let report = LeafValidator(options: options).validate(
            LeafSource(path: path, bytes: Array(yaml.utf8), siblings: siblings))
        return LeafDiagnosticFormatter(format: .text).format(report)
    }

    static func seeds(_ count: Int, extra: String = "") -> String {
        (1...count).map { "  - question: q\($0)\n    answer: a\($0)\n\(extra)" }.joined()
    }

    static let validSkill = """
        version: 3
        created_by: someone
        task_description: Writing poems
        seed_examples:
        \(seeds(5))
        """

    @Test func validSkillHasNoFindings() {
        #expect(Self.lines(Self.validSkill) == [])
    }

    @Test func requiredPropertyIsReportedAtTheObject() {
        let yaml = Self.validSkill.replacingFirst("    answer: a3\n", with: "")
        #expect(Self.lines(yaml) == [
            "ERROR: \(Self.skillPath):9:5 [.seed_examples[2]] 'answer' is a required property"
        ])
    }

    @Test func unknownKeysAreReportedAtTheFirstOneInJsonschemasWords() {
        let yaml = Self.validSkill.replacingFirst("    answer: a2\n", with: "    answer: a2\n    hint: h\n    Zeta: z\n")
        #expect(Self.lines(yaml) == [
            "ERROR: \(Self.skillPath):9:5 [.seed_examples[1]] Unevaluated properties are not allowed ('Zeta', 'hint' were unexpected)"
        ])
        let oneKey = "createdby: x\n" + Self.validSkill.replacingFirst("created_by: someone\n", with: "")
        #expect(Self.lines(oneKey) == [
            "ERROR: \(Self.skillPath):1:1 [.] 'created_by' is a required property",
            "ERROR: \(Self.skillPath):1:1 [.] Unevaluated properties are not allowed ('createdby' was unexpected)",
        ])
    }

    @Test func tooFewItemsUsesInstructLabsWording() {
        let yaml = "version: 3\ncreated_by: someone\ntask_description: t\nseed_examples:\n\(Self.seeds(2))"
        #expect(Self.lines(yaml) == [
            "ERROR: \(Self.skillPath):5:3 [.seed_examples] Value must have at least 5 items"
        ])
    }

    @Test func wrongTypesFollowPyYAMLsYAML11Reading() {
        // Unquoted `yes` is a boolean to PyYAML, and `0755` an octal integer.
        let yaml = Self.validSkill.replacingFirst("created_by: someone", with: "created_by: yes")
            .replacingFirst("task_description: Writing poems", with: "task_description: 0755")
        #expect(Self.lines(yaml) == [
            "ERROR: \(Self.skillPath):2:13 [.created_by] True is not of type 'string'",
            "ERROR: \(Self.skillPath):3:19 [.task_description] 493 is not of type 'string'",
        ])
        let quoted = Self.validSkill.replacingFirst("created_by: someone", with: "created_by: \"yes\"")
        #expect(Self.lines(quoted) == [])
    }

    @Test func duplicateItemsAreNotUnique() {
        let yaml = Self.validSkill.replacingFirst("q2\n    answer: a2", with: "q1\n    answer: a1")
        let lines = Self.lines(yaml)
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("ERROR: \(Self.skillPath):5:3 [.seed_examples] ") == true)
        #expect(lines.first?.hasSuffix("{'question': 'q5', 'answer': 'a5'}] has non-unique elements") == true)
    }

    @Test func emptyStringsShouldBeNonEmpty() {
        let yaml = Self.validSkill.replacingFirst("answer: a4", with: "answer: ''")
        #expect(Self.lines(yaml) == [
            "ERROR: \(Self.skillPath):12:13 [.seed_examples[3].answer] '' should be non-empty"
        ])
    }

    @Test func versionMustBeTheSchemasInteger() {
        let yaml = Self.validSkill.replacingFirst("version: 3", with: "version: \"3\"")
        #expect(Self.lines(yaml) == [
            "ERROR: \(Self.skillPath):1:10 [.version] '3' is not of type 'integer'",
            "ERROR: \(Self.skillPath):1:10 [.version] 3 was expected",
        ])
    }

    @Test func unknownVersionsHaveNoSchema() {
        let yaml = Self.validSkill.replacingFirst("version: 3", with: "version: 7")
        #expect(Self.lines(yaml) == [
            "ERROR: \(Self.skillPath):1:1 Cannot load schema file v7/compositional_skills.json. There is no compositional_skills schema of version 7 (versions 1–3 exist)"
        ])
    }

    @Test func knowledgeVersion2IsRefused() {
        let yaml = "version: 2\ncreated_by: x\ndomain: d\ntask_description: t\nseed_examples: []\ndocument: {repo: r, commit: c, patterns: ['*.md']}\n"
        #expect(Self.lines(yaml, path: Self.knowledgePath) == [
            "ERROR: \(Self.knowledgePath):1:1 Version 2 is not supported for knowledge. Minimum supported version is 3."
        ])
    }

    @Test func knowledgeNeedsThreeQuestionsPerContext() {
        let qa = (1...3).map { "      - question: q\($0)\n        answer: a\($0)\n" }
        let seed = { (n: Int, pairs: [String]) in "  - context: c\(n)\n    questions_and_answers:\n" + pairs.joined() }
        let yaml = "version: 3\ncreated_by: x\ndomain: d\ndocument_outline: o\ndocument:\n  repo: r\n  commit: c\n  patterns:\n    - '*.md'\nseed_examples:\n"
            + seed(1, Array(qa.prefix(2))) + (2...5).map { seed($0, qa) }.joined()
        #expect(Self.lines(yaml, path: Self.knowledgePath) == [
            "ERROR: \(Self.knowledgePath):13:7 [.seed_examples[0].questions_and_answers] Value must have at least 3 items"
        ])
    }

    @Test func wronglyNamedLeafIsRefusedByName() {
        #expect(Self.lines(Self.validSkill, path: "knowledge/a/qna.yml") == [
            "ERROR: knowledge/a/qna.yml:1:1 Taxonomy file must be named \"qna.yaml\"; \"qna.yml\" is not a valid name"
        ])
    }

    @Test func emptyFileIsAWarning() {
        #expect(Self.lines("# nothing here\n") == ["WARN: \(Self.skillPath):1:1 The file is empty"])
        #expect(Self.lines("") == ["WARN: \(Self.skillPath):1:1 The file is empty"])
    }

    @Test func topLevelMustBeAMapping() {
        #expect(Self.lines("- a\n- b\n") == [
            "ERROR: \(Self.skillPath):1:1 The file is not valid. The top-level element is not an object with key-value pairs."
        ])
    }

    @Test func attributionIsRequiredFromVersion2() {
        #expect(Self.lines(Self.validSkill, siblings: .none) == [
            "ERROR: \(Self.skillPath):1:1 The \"attribution.txt\" file does not exist or is not a file"
        ])
        #expect(Self.lines(Self.validSkill, siblings: SiblingFiles(sizes: ["attribution.txt": 0])) == [
            "ERROR: compositional_skills/writing/poems/attribution.txt:1:1 The \"compositional_skills/writing/poems/attribution.txt\" file must be non-empty"
        ])
        let version1 = Self.validSkill.replacingFirst("version: 3\n", with: "")
        #expect(Self.lines(version1, siblings: .none) == [])
    }

    @Test func lintFindingsComeFirstAndCountAsErrorsWhenStrict() {
        let yaml = Self.validSkill.replacingFirst("created_by: someone", with: "created_by:  someone  ")
        #expect(Self.lines(yaml) == [
            "ERROR: \(Self.skillPath):2:13 too many spaces after colon (colons)",
            "ERROR: \(Self.skillPath):2:21 trailing spaces (trailing-spaces)",
        ])
        #expect(Self.lines(yaml, options: LeafValidationOptions(strictLint: false)) == [
            "WARN: \(Self.skillPath):2:13 too many spaces after colon (colons)",
            "ERROR: \(Self.skillPath):2:21 trailing spaces (trailing-spaces)",
        ])
    }

    @Test func syntaxAndDuplicateKeysAreYamllintErrors() {
        #expect(Self.lines(Self.validSkill + "created_by: again\n") == [
            "ERROR: \(Self.skillPath):15:1 duplication of key \"created_by\" in mapping (key-duplicates)"
        ])
        #expect(Self.lines("version: 3\nseed_examples: [a, b\n") == [
            "ERROR: \(Self.skillPath):3:1 syntax error: did not find expected ',' or ']' (syntax)"
        ])
    }

    @Test func pyYAMLConstructionFailuresAreErrors() {
        let yaml = Self.validSkill.replacingFirst("created_by: someone", with: "created_by: !custom someone")
        #expect(Self.lines(yaml) == [
            "ERROR: \(Self.skillPath):2:13 could not determine a constructor for the tag '!custom'"
        ])
        let date = Self.validSkill.replacingFirst("created_by: someone", with: "created_by: 2024-02-30")
        #expect(Self.lines(date) == ["ERROR: \(Self.skillPath):2:13 day is out of range for month"])
    }

    @Test func longMessagesKeepTheirLast200Characters() {
        let long = String(repeating: "x", count: 300)
        let yaml = Self.validSkill.replacingFirst("created_by: someone", with: "created_by: [\(long)]")
        let line = Self.lines(yaml).first ?? ""
        let message = line.split(separator: "] ", maxSplits: 1).last.map(String.init) ?? ""
        #expect(message.count == 200)
        #expect(message.hasSuffix("xxx'] is not of type 'string'"))
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
