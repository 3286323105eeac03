import InstructLabValidation
import Testing

/// The yamllint-equivalent checks against yamllint 1.38's own output for the same text
/// (`{extends: relaxed, rules: {line-length: disable}}`), generated once with yamllint.
@Suite struct LintTableTests {
    struct LintCase: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let expected: [String]

        init(_ name: String, _ text: String, _ expected: [String]) {
            self.name = name
            self.text = text
            self.expected = expected
        }

        var testDescription: String { name }
    }

    static let cases: [LintCase] = [
        LintCase("trailing spaces", "a: 1  \nb: 2\n", ["1:5 error trailing spaces (trailing-spaces)"]),
        LintCase("trailing tab in comment", "a: 1 # c\t\n", ["1:9 error trailing spaces (trailing-spaces)"]),
        LintCase("no newline at end", "a: 1\nb: 2", ["2:5 error no new line character at the end of file (new-line-at-end-of-file)"]),
        LintCase("crlf", "a: 1\r\nb: 2\r\n", ["1:5 error wrong new line character: expected \\n (new-lines)"]),
        LintCase("three blank lines", "a: 1\n\n\n\nb: 2\n", ["4:1 warning too many blank lines (3 > 2) (empty-lines)"]),
        LintCase("blank line at start", "\na: 1\n", ["1:1 warning too many blank lines (1 > 0) (empty-lines)"]),
        LintCase("blank line at end", "a: 1\n\n", ["2:1 warning too many blank lines (1 > 0) (empty-lines)"]),
        LintCase("duplicate key", "a: 1\nb: 2\na: 3\n", ["3:1 error duplication of key \"a\" in mapping (key-duplicates)"]),
        LintCase("duplicate merge key allowed", "x: &x {a: 1}\ny:\n  <<: *x\n  <<: *x\n", []),
        LintCase("undeclared alias", "a: *nope\n", ["1:4 error found undeclared alias \"nope\" (anchors)"]),
        LintCase("space before colon", "a : 1\n", ["1:2 warning too many spaces before colon (colons)"]),
        LintCase("spaces after colon", "a:   1\n", ["1:5 warning too many spaces after colon (colons)"]),
        LintCase("spaces after hyphen", "a:\n  -   1\n", ["2:6 warning too many spaces after hyphen (hyphens)"]),
        LintCase("spaces inside braces", "a: {  b: 1  }\n", ["1:6 warning too many spaces inside braces (braces)", "1:12 warning too many spaces inside braces (braces)"]),
        LintCase("spaces inside empty brackets", "a: [   ]\n", ["1:7 warning too many spaces inside empty brackets (brackets)"]),
        LintCase("comma spacing", "a: [1 ,2,  3]\n", ["1:6 warning too many spaces before comma (commas)", "1:8 warning too few spaces after comma (commas)", "1:11 warning too many spaces after comma (commas)"]),
        LintCase("wrong indentation", "a:\n  b: 1\n   c: 2\n", ["3:5 error syntax error: mapping values are not allowed here (syntax)"]),
        LintCase("inconsistent sequence indentation", "a:\n  - 1\nb:\n- 2\n", ["4:1 warning wrong indentation: expected 2 but found 0 (indentation)"]),
        LintCase("inconsistent spaces", "a:\n  b:\n      c: 1\n", ["3:7 warning wrong indentation: expected 4 but found 6 (indentation)"]),
        LintCase("explicit key spacing", "?   a\n: 1\n", ["1:4 warning too many spaces after question mark (colons)"]),
        // PyYAML words this one "expected ',' or ']', but got '<stream end>'"; the place is the same.
        LintCase("syntax error", "a: [1, 2\n", ["2:1 error syntax error: did not find expected ',' or ']' (syntax)"]),
        LintCase("tab before comment", "a: 1\t# c\n", ["1:5 error syntax error: found character '\\t' that cannot start any token (syntax)"]),
        LintCase("clean document", "a: 1\nb:\n  - x\n  - y\n", []),
        LintCase("disabled for the file", "# yamllint disable-file\na:   1  \n", []),
    ]

    @Test(arguments: cases)
    func matchesYamllint(_ lintCase: LintCase) {
        let validator = LeafValidator(options: LeafValidationOptions(strictLint: false))
        let findings = validator.lint(
            LeafSource(path: "knowledge/x/qna.yaml", bytes: Array(lintCase.text.utf8), siblings: .none))
        let rendered = findings.map {
            "\($0.location.line):\($0.location.column) \($0.severity == .error ? "error" : "warning") \($0.message)"
        }
        #expect(rendered == lintCase.expected)
    }

    /// The linter keeps only a few of the tokens it has judged: problems far into a long
    /// document (past many hundred tokens) keep their neighbours, places and key sets.
    @Test func longDocumentKeepsEveryFindingInPlace() {
        let items = 150
        var text = "items:\n"
        for index in 0..<items { text += "  - q:   \(index)\n    a: \(index)\n" }
        text += "items: 1\n"
        let validator = LeafValidator(options: LeafValidationOptions(strictLint: false))
        let findings = validator.lint(LeafSource(path: "knowledge/x/qna.yaml", bytes: Array(text.utf8), siblings: .none))
        let rendered = findings.map { "\($0.location.line):\($0.location.column) \($0.message)" }
        let expected =
            (0..<items).map { "\(2 + 2 * $0):9 too many spaces after colon (colons)" }
            + ["\(2 + 2 * items):1 duplication of key \"items\" in mapping (key-duplicates)"]
        #expect(rendered == expected)
    }

    @Test func strictLintTurnsWarningsIntoErrors() {
        let strict = LeafValidator(options: LeafValidationOptions(strictLint: true))
        let findings = strict.lint(LeafSource(path: "knowledge/x/qna.yaml", bytes: Array("a :  1\n".utf8), siblings: .none))
        #expect(findings.map(\.severity) == [.error, .error])
        #expect(findings.map(\.check) == [.lint(rule: "colons"), .lint(rule: "colons")])
    }
}
