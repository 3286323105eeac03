/// One problem found in a source file, located and explained, the way a compiler says it:
/// `builds.yaml:14:7: error: stages.train.needs: unknown stage "genrate" (did you mean "generate"?)`
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error, warning
    }

    public var severity: Severity
    public var location: SourceLocation
    /// The key path of the value concerned (`stages.train.retry.attempts`); empty for the
    /// document as a whole.
    public var path: KeyPath
    public var message: String

    public init(
        _ severity: Severity = .error, at location: SourceLocation, path: KeyPath = KeyPath(),
        _ message: String
    ) {
        self.severity = severity
        self.location = location
        self.path = path
        self.message = message
    }

    public var description: String {
        let subject = path.isEmpty ? "" : "\(path): "
        return "\(location): \(severity.rawValue): \(subject)\(message)"
    }
}

/// Every problem found in one pass, thrown together so a person can fix them all at once.
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
