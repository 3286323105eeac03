import YAML

/// One finding about a leaf: which check made it, and the located `Diagnostic`
/// (its `location.file` is the leaf's taxonomy path; for schema findings its `path` is
/// the key path of the offending value).
public struct LeafDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// The family of check, so callers can group or filter.
    public enum Check: Sendable, Hashable {
        /// The file as a whole: its name, size or encoding.
        case file
        /// What the YAML parser or PyYAML's construction refuses (syntax, limits, tags).
        case yaml
        /// A yamllint rule (`trailing-spaces`, `indentation`, …; `syntax` for a syntax error).
        case lint(rule: String)
        /// The InstructLab JSON schema.
        case schema
        /// The `attribution.txt` beside the leaf.
        case attribution
    }

    public var check: Check
    public var diagnostic: Diagnostic
    /// InstructLab's YAML path of the value concerned, for schema findings about a value:
    /// `.seed_examples[2].answer`, or `.` for the document; `nil` otherwise (InstructLab
    /// prints those without one).
    public var yamlPath: String?

    public init(_ check: Check, _ diagnostic: Diagnostic, yamlPath: String? = nil) {
        self.check = check
        self.diagnostic = diagnostic
        self.yamlPath = yamlPath
    }

    public var severity: Diagnostic.Severity { diagnostic.severity }
    public var location: SourceLocation { diagnostic.location }
    public var message: String { diagnostic.message }

    /// The text format: `ERROR: knowledge/a/qna.yaml:12:5 [.seed_examples[2]] 'answer' is a required property`.
    public var description: String { LeafDiagnosticFormatter(format: .text).format(self) }
}
