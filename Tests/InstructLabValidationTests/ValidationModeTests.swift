import Foundation
import InstructLabValidation
import Testing

/// `--mode ilab` and `--mode ci` where the two references disagree, as the real ones do
/// (ReferenceDifferentialTests compares with them): ilab counts yamllint's warnings as
/// errors and asks for no attribution; the taxonomy repository's CI keeps warnings as
/// warnings, asks for `attribution.txt`, and validates a change's files as the newest
/// schema version. Both load with PyYAML and lint only leaves above version 1 (by their
/// own version).
@Suite struct ValidationModeTests {
    static let path = "compositional_skills/writing/poems/qna.yaml"
    static let attribution = SiblingFiles(sizes: ["attribution.txt": 42])

    static func report(
        _ yaml: String, _ mode: LeafValidationOptions.Reference, changedFiles: Bool = false,
        siblings: SiblingFiles = attribution
    ) -> LeafReport {
        LeafValidator(options: LeafValidationOptions(reference: mode, changedFiles: changedFiles)).validate(
            LeafSource(path: path, bytes: Array(yaml.utf8), siblings: siblings))
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

    @Test func onlyCIAsksForAnAttribution() {
        let yaml = Self.leaf()
        #expect(Self.report(yaml, .ilab, siblings: .none).diagnostics == [])
        #expect(Self.report(yaml, .ci, siblings: .none).errors.map(\.message) == ["The \"attribution.txt\" file does not exist or is not a file"])
        // Version 1 is asked for none, unless validated as the newest version.
        #expect(Self.report(Self.leaf(version: 1), .ci, siblings: .none).diagnostics == [])
    }

    @Test func aChangedFileIsValidatedAsTheNewestVersionByCI() {
        for version in [1, 2] {
            let yaml = Self.leaf(version: version)
            #expect(Self.report(yaml, .ilab).isValid)
            #expect(Self.report(yaml, .ilab, changedFiles: true).isValid)
            #expect(Self.report(yaml, .ci).isValid)
            #expect(Self.report(yaml, .ci, changedFiles: true).errors.map(\.message) == ["3 was expected"])
        }
        // Linted as version 3 too, though it says 1.
        let spaced = Self.report(Self.leaf(version: 1, answer: "answer:   a1\n"), .ci, changedFiles: true)
        #expect(spaced.warnings.map(\.message) == ["too many spaces after colon (colons)"])
        #expect(Self.report(Self.leaf(), .ci, changedFiles: true).diagnostics == [])
    }

    @Test func bothLoadWithPyYAML() {
        // A tab libyaml reads as a space: PyYAML's scanner refuses it, in an unlinted leaf too.
        let tab = Self.leaf(version: 1, answer: "answer:\t|\n      a1\n")
        let merge = Self.leaf().replacingOccurrences(of: "  - question: q2\n", with: "  - <<: [1]\n    question: q2\n")
        for mode in LeafValidationOptions.Reference.allCases {
            #expect(Self.report(tab, mode).errors.map(\.message) == ["syntax error: found character '\\t' that cannot start any token (syntax)"])
            #expect(Self.report(merge, mode).errors.map(\.message) == ["while constructing a mapping expected a mapping for merging, but found scalar"])
        }
    }

    @Test func aRepeatedKeyTakesItsLastValueAsPyYAMLDoes() {
        // Version 1, unlinted: valid in both, read as its last value.
        let unlinted = "version: 3\n" + Self.leaf(version: 1, answer: "answer: a1\n    answer: a1b\n")
        for mode in LeafValidationOptions.Reference.allCases {
            let report = Self.report(unlinted, mode)
            #expect(report.diagnostics == [] && report.version == 1, "\(report.diagnostics)")
        }
        // Linted: yamllint's key-duplicates, and the schema still checks what PyYAML read.
        let linted = Self.leaf(answer: "answer: a1\n    answer: 7\n")
        #expect(Self.report(linted, .ci).errors.map(\.message) == [
            "duplication of key \"answer\" in mapping (key-duplicates)", "7 is not of type 'string'",
        ])
    }

    @Test func lineBreaksAreReadAsPythonReadsText() {
        let crlf = Self.leaf(answer: "answer: a1  \n").replacingOccurrences(of: "\n", with: "\r\n")
        for mode in LeafValidationOptions.Reference.allCases {
            // No new-lines finding: Python's read_text gave yamllint `\n`; the trailing spaces stay.
            #expect(Self.report(crlf, mode).diagnostics.map(\.message) == ["trailing spaces (trailing-spaces)"])
        }
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
            #expect(Self.report("{}\n", mode, changedFiles: true).isEmptyLeaf)
        }
        #expect(LeafValidator.isEmptyDocument(Array("# nothing\n".utf8)))
        #expect(LeafValidator.isEmptyDocument(Array("{}\n".utf8)))
        #expect(!LeafValidator.isEmptyDocument(Array("a: 1\n".utf8)))
        #expect(!LeafValidator.isEmptyDocument(Array("a: [\n".utf8)))
    }
}
