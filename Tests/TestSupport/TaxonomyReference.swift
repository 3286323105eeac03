import Foundation

/// The real references `taxonomy check --mode ilab|ci` reproduces: instructlab-schema's
/// `TaxonomyParser` called as `ilab taxonomy diff` and the taxonomy repository's CI call it,
/// by scripts/taxonomy-reference, with the Python that scripts/install-instructlab-schema
/// installs (`$MODELBUILD_TEST_TAXONOMY_REFERENCE`, which scripts/test sets, else that
/// virtual environment's).
public enum TaxonomyReference {
    /// Which reference, as scripts/taxonomy-reference names it.
    public enum Mode: String, Sendable, CaseIterable {
        /// `ilab taxonomy diff`.
        case ilab
        /// The taxonomy CI's pull-request step: the changed files.
        case ci
        /// The taxonomy CI's step over every leaf (no leaf changed).
        case ciAll = "ci-all"
    }

    /// One finding: line, column and message.
    public struct Finding: Sendable, Hashable, CustomStringConvertible {
        public let line: Int
        public let column: Int
        public let message: String
        public var description: String { "\(line):\(column) \(message)" }

        public init(line: Int, column: Int, message: String) {
            self.line = line
            self.column = column
            self.message = message
        }
    }

    /// The reference's verdict on one file.
    public struct Verdict: Sendable, Hashable {
        public let path: String
        public let isValid: Bool
        public let errors: [Finding]
        public let warnings: [Finding]
        /// The exception that ended the reference's run on this file (a YAML error), if any.
        public let exception: String?
    }

    /// The Python interpreter that has instructlab-schema.
    public static var python: String {
        toolPath(environment: "MODELBUILD_TEST_TAXONOMY_REFERENCE", fallback: ".build/venv-instructlab-schema/bin/python")
    }

    /// Whether it is there to run.
    public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: python) }

    /// Why the differential tests are skipped when it is not.
    public static var skipReason: String {
        "instructlab-schema is not installed at \(python): scripts/install-instructlab-schema installs it, and leaves it out only when PyPI cannot be reached"
    }

    /// The reference's verdicts on `files` (paths relative to `root`, the taxonomy's top folder).
    public static func verdicts(_ mode: Mode, root: URL, files: [String]) async throws -> [Verdict] {
        let script = packageRoot.appendingPathComponent("scripts/taxonomy-reference").path
        let result = try await runProgram(python, [script, "--mode", mode.rawValue, root.path] + files, in: root)
        guard result.status == 0 else {
            throw ReferenceFailure(message: "scripts/taxonomy-reference exited \(result.status): \(result.standardError)")
        }
        return try result.standardOutput.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let path = object["path"] as? String, let valid = object["valid"] as? Bool
            else { throw ReferenceFailure(message: "scripts/taxonomy-reference printed \(line)") }
            return Verdict(
                path: path, isValid: valid, errors: findings(object["errors"]), warnings: findings(object["warnings"]),
                exception: object["exception"] as? String)
        }
    }

    private static func findings(_ value: Any?) -> [Finding] {
        (value as? [[Any]] ?? []).compactMap { entry in
            guard entry.count == 3, let line = entry[0] as? Int, let column = entry[1] as? Int,
                let message = entry[2] as? String
            else { return nil }
            return Finding(line: line, column: column, message: message)
        }
    }

    /// The reference could not be run or printed what it should not.
    public struct ReferenceFailure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }
}
