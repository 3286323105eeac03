import Foundation
import Platform
import YAML

/// Prints `warning: <message>` to standard error.
func printWarning(_ message: String) {
    StandardStream.error.write("warning: \(message)\n")
}

/// Prints diagnostics to standard error, one per line, then a count.
func printDiagnostics(_ diagnostics: [Diagnostic]) {
    StandardStream.error.write(DiagnosticText.render(diagnostics))
}

/// Diagnostics as a compiler prints them: one per line, then a count.
enum DiagnosticText {
    static func render(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        return diagnostics.map(\.description).joined(separator: "\n") + "\n\(errors) error\(errors == 1 ? "" : "s")\n"
    }
}
