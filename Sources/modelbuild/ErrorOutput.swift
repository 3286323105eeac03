import Foundation
import Platform
import YAML

/// Prints `error: <message>` to standard error.
func printError(_ message: String) {
    StandardStream.error.write("error: \(message)\n")
}

/// Prints `warning: <message>` to standard error.
func printWarning(_ message: String) {
    StandardStream.error.write("warning: \(message)\n")
}

/// Prints diagnostics to standard error, one per line, then a count.
func printDiagnostics(_ diagnostics: [Diagnostic]) {
    var text = diagnostics.map(\.description).joined(separator: "\n")
    let errors = diagnostics.filter { $0.severity == .error }.count
    text += "\n\(errors) error\(errors == 1 ? "" : "s")\n"
    StandardStream.error.write(text)
}
