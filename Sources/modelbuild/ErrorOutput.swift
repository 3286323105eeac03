import Foundation
import YAML

/// Prints `warning: <message>` to standard error.
func printWarning(_ message: String) {
    FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
}

/// Prints diagnostics to standard error, one per line, then a count.
func printDiagnostics(_ diagnostics: [Diagnostic]) {
    FileHandle.standardError.write(Data(DiagnosticText.render(diagnostics).utf8))
}

/// Diagnostics as a compiler prints them: one per line, then a count.
enum DiagnosticText {
    static func render(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        return diagnostics.map(\.description).joined(separator: "\n") + "\n\(errors) error\(errors == 1 ? "" : "s")\n"
    }
}
