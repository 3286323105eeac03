import Foundation

/// The text of the file at `path`, or "" when it cannot be read (not written yet).
func fileContents(_ path: String) -> String {
    (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
}
