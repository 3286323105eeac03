import YAML

/// Validates taxonomy leaves (`qna.yaml`) as InstructLab does — file name, YAML,
/// yamllint's `relaxed` checks, the JSON schema of the leaf's kind and version, and
/// `attribution.txt` — from bytes, without a work tree and without Python.
///
/// A leaf this accepts is one InstructLab accepts. Hostile input (huge files, invalid
/// UTF-8, alias bombs, deep nesting) gives an error on that leaf, in bounded time and
/// memory.
public struct LeafValidator: Sendable {
    public let options: LeafValidationOptions

    public init(options: LeafValidationOptions = LeafValidationOptions()) {
        self.options = options
    }

    /// Whether a changed file at this taxonomy path is one to validate: a `.yaml` or
    /// `.yml` file under one of the configured folders (a misnamed `qna.yml` is
    /// validated, and refused for its name, as the public taxonomy's CI does).
    public func isLeafToValidate(_ path: String) -> Bool {
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        guard components.count >= 2, let first = components.first, options.folders.contains(String(first)),
            let name = components.last
        else { return false }
        return name.hasSuffix(".yaml") || name.hasSuffix(".yml")
    }

    /// The schema a leaf at `path` is checked against, from its first folder; `nil`
    /// when that folder is not a configured taxonomy folder or names no known schema.
    public func kind(ofLeafAt path: String) -> LeafKind? {
        guard let first = path.split(separator: "/").first.map(String.init), options.folders.contains(first) else {
            return nil
        }
        return LeafKind(schemaName: first)
    }

    /// Validates one leaf.
    public func validate(_ leaf: LeafSource) -> LeafReport {
        var run = LeafValidationRun(leaf: leaf, options: options)
        run.validate()
        return run.report
    }

    /// Only the yamllint-equivalent findings for a leaf, whatever its version (a leaf of
    /// version 1 is not linted by `validate`, as InstructLab does not lint it), as yamllint
    /// reads the file (`validate` lints what Python read: line breaks made `\n`). Text
    /// that is not UTF-8 gives that one finding.
    public func lint(_ leaf: LeafSource) -> [LeafDiagnostic] {
        var run = LeafValidationRun(leaf: leaf, options: options)
        run.lintOnly()
        return run.report.diagnostics
    }

    /// Whether `bytes` hold an empty document (`None`, `{}`, `[]`, …, as PyYAML
    /// constructs it): the leaf InstructLab warns about and skips. Bytes that do not
    /// parse are not empty (validation refuses them).
    public static func isEmptyDocument(_ bytes: [UInt8]) -> Bool {
        do {
            guard let root = try YAMLParser.parse(bytes, file: TaxonomyLayout.leafFileName, duplicateKeys: .kept) else {
                return true
            }
            return PythonDocument.isFalsy(root)
        } catch {
            return false
        }
    }

    /// Validates many leaves, in order.
    public func validate(_ leaves: some Sequence<LeafSource>) -> [LeafReport] {
        leaves.map(validate)
    }
}
