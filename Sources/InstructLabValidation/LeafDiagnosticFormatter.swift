/// Renders leaf diagnostics the way InstructLab prints them.
public struct LeafDiagnosticFormatter: Sendable {
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// `ERROR: path:line:col [yaml.path] message` and `WARN: …`.
        case text
        /// GitHub Actions workflow commands:
        /// `::error file=path,line=12,col=5::12:5 [yaml.path] message`.
        case github
    }

    public var format: Format

    public init(format: Format) {
        self.format = format
    }

    /// One line for one diagnostic.
    public func format(_ diagnostic: LeafDiagnostic) -> String {
        let location = diagnostic.location
        let subject = diagnostic.yamlPath.map { "[\($0)] " } ?? ""
        switch format {
        case .text:
            let label = diagnostic.severity == .error ? "ERROR" : "WARN"
            return "\(label): \(location.file):\(location.line):\(location.column) \(subject)\(diagnostic.message)"
        case .github:
            let command = diagnostic.severity == .error ? "error" : "warning"
            let file = Self.escapeProperty(location.file)
            let data = Self.escapeData("\(location.line):\(location.column) \(subject)\(diagnostic.message)")
            return "::\(command) file=\(file),line=\(location.line),col=\(location.column)::\(data)"
        }
    }

    /// Every diagnostic of a report, one line each.
    public func format(_ report: LeafReport) -> [String] {
        report.diagnostics.map(format)
    }

    /// Workflow-command data: `%`, CR and LF escaped so one message stays one command.
    public static func escapeData(_ text: String) -> String {
        var result = ""
        for character in text.unicodeScalars {
            switch character {
            case "%": result += "%25"
            case "\r": result += "%0D"
            case "\n": result += "%0A"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// Workflow-command property values (`file=`, `title=`) also escape `:` and `,`.
    public static func escapeProperty(_ text: String) -> String {
        escapeData(text).split(separator: ":", omittingEmptySubsequences: false).joined(separator: "%3A")
            .split(separator: ",", omittingEmptySubsequences: false).joined(separator: "%2C")
    }
}
