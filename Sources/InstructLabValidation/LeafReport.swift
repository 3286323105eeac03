/// The outcome of validating one leaf.
public struct LeafReport: Sendable, Hashable {
    /// The leaf's taxonomy path.
    public var path: String
    /// Which schema applied, when validation got that far.
    public var kind: LeafKind?
    /// The schema version InstructLab would use (`version`, or 1 when absent), when the
    /// document got that far and the version is a small number.
    public var version: Int?
    /// Every finding, in InstructLab's order: lint, then schema, then attribution.
    public var diagnostics: [LeafDiagnostic]

    public init(path: String, kind: LeafKind? = nil, version: Int? = nil, diagnostics: [LeafDiagnostic] = []) {
        self.path = path
        self.kind = kind
        self.version = version
        self.diagnostics = diagnostics
    }

    public var errors: [LeafDiagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [LeafDiagnostic] { diagnostics.filter { $0.severity == .warning } }

    /// No errors (warnings, such as "The file is empty", are allowed).
    public var isValid: Bool { !diagnostics.contains { $0.severity == .error } }

    /// The warning on a leaf whose document is empty (`None`, `{}`, …): InstructLab warns
    /// and skips it, and so does every built-in stage.
    public static let emptyFileMessage = "The file is empty"

    /// The leaf's document is empty: valid, with nothing to learn from.
    public var isEmptyLeaf: Bool {
        diagnostics.contains { $0.check == .file && $0.severity == .warning && $0.message == Self.emptyFileMessage }
    }
}
