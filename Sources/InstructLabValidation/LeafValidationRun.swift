import YAML

/// The steps of validating one leaf, in InstructLab's order; each step may end it.
struct LeafValidationRun {
    let leaf: LeafSource
    let options: LeafValidationOptions
    /// The leaf's bytes as Python's `read_text` gives them to PyYAML and yamllint: line
    /// breaks `\r\n` and `\r` read as `\n` (universal newlines).
    let bytes: [UInt8]
    private(set) var report: LeafReport

    init(leaf: LeafSource, options: LeafValidationOptions) {
        self.leaf = leaf
        self.options = options
        bytes = Self.universalNewlines(leaf.bytes)
        report = LeafReport(path: leaf.path)
    }

    /// `bytes` with `\r\n` and a lone `\r` made `\n`, as Python's text mode reads them.
    static func universalNewlines(_ bytes: [UInt8]) -> [UInt8] {
        let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        guard bytes.contains(cr) else { return bytes }
        var translated: [UInt8] = []
        translated.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == cr {
                translated.append(lf)
                if index + 1 < bytes.endIndex, bytes[index + 1] == lf { index += 1 }
            } else {
                translated.append(bytes[index])
            }
            index += 1
        }
        return translated
    }

    private var start: SourceLocation { SourceLocation(file: leaf.path, line: 1, column: 1) }

    private mutating func add(
        _ check: LeafDiagnostic.Check, severity: Diagnostic.Severity = .error, at location: SourceLocation? = nil,
        path: KeyPath? = nil, _ message: String
    ) {
        let diagnostic = Diagnostic(severity, at: location ?? start, path: path ?? KeyPath(), message)
        report.diagnostics.append(
            LeafDiagnostic(check, diagnostic, yamlPath: path.map { "." + $0.description }))
    }

    mutating func validate() {
        let name = leaf.path.split(separator: "/").last.map(String.init) ?? leaf.path
        guard name == TaxonomyLayout.leafFileName else {
            add(.file, "Taxonomy file must be named \"qna.yaml\"; \"\(name)\" is not a valid name")
            return
        }
        guard leaf.bytes.count <= options.maxBytes else {
            add(.file, tooLarge)
            return
        }
        guard let text = decodeUTF8() else { return }

        let root: Node?
        do {
            // PyYAML takes a repeated key's last value; yamllint refuses it in linted leaves.
            root = try YAMLParser.parse(bytes, file: leaf.path, limits: options.yamlLimits, duplicateKeys: .kept)
        } catch {
            reportUnparsable(text: text, parserDiagnostics: error.diagnostics)
            return
        }
        // libyaml takes a tab between tokens as a space; PyYAML refuses it.
        if bytes.contains(UInt8(ascii: "\t")),
            let tabError = firstTabPyYAMLRefuses(text)
        {
            reportUnparsable(text: text, parserDiagnostics: [], syntaxError: .known(tabError))
            return
        }
        if let root, let failure = PythonDocument.constructionError(in: root) {
            add(.yaml, at: failure.location, failure.message)
            return
        }
        guard let root, !PythonDocument.isFalsy(root) else {
            add(.file, severity: .warning, LeafReport.emptyFileMessage)
            return
        }
        guard case .dict(let entries)? = try? PythonValue.of(root) else {
            add(.file, "The file is not valid. The top-level element is not an object with key-value pairs.")
            return
        }
        let given = options.schemaVersion.map { SchemaVersion.number(PythonInteger($0)) }
        guard let version = given ?? PythonDocument.schemaVersion(of: entries) else {
            add(.schema, "The version is an infinite number, which has no schema version")
            return
        }
        report.version = version.intValue

        if version.isAboveOne {
            addLint(TaxonomyLinter.lint(
                bytes, text: text, file: leaf.path, limits: options.yamlLimits, syntaxError: .none))
        }
        validateSchema(root: root, entries: entries, version: version)
        if options.requiresAttribution, version.isAboveOne {
            checkAttribution()
        }
    }

    private var tooLarge: String {
        TaxonomyLayout.tooLargeMessage(size: leaf.bytes.count, limit: options.maxBytes)
    }

    mutating func lintOnly() {
        guard leaf.bytes.count <= options.maxBytes else {
            add(.file, tooLarge)
            return
        }
        guard decodeUTF8() != nil else { return }
        // yamllint given the file reads its bytes as they are (a `\r\n` is its finding).
        let raw = String(decoding: leaf.bytes, as: UTF8.self)
        addLint(TaxonomyLinter.lint(leaf.bytes, text: raw, file: leaf.path, limits: options.yamlLimits))
    }

    /// Invalid UTF-8 is refused with the place of the first bad byte.
    private mutating func decodeUTF8() -> String? {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var line = 1, column = 1, offset = 0
        var iterator = leaf.bytes.makeIterator()
        var decoder = UTF8()
        while case .scalarValue(let scalar) = decoder.decode(&iterator) {
            offset += UTF8.width(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        let byte = offset < leaf.bytes.count ? leaf.bytes[offset] : 0
        let hex = String(byte, radix: 16, uppercase: true)
        add(
            .file, at: SourceLocation(file: leaf.path, line: line, column: column),
            "The file is not valid UTF-8: byte 0x\(hex.count < 2 ? "0" + hex : hex) at offset \(offset) cannot be decoded")
        return nil
    }

    /// A document the parser refused: yamllint's view (syntax errors, duplicate keys,
    /// undeclared aliases) when it finds an error, else the parser's own reason (limits).
    private mutating func reportUnparsable(
        text: String, parserDiagnostics: [Diagnostic], syntaxError: TaxonomyLinter.KnownSyntaxError = .unknown
    ) {
        let problems = TaxonomyLinter.lint(
            bytes, text: text, file: leaf.path, limits: options.yamlLimits, syntaxError: syntaxError)
        addLint(problems)
        if !problems.contains(where: { $0.level == .error }) {
            for diagnostic in parserDiagnostics {
                add(.yaml, at: diagnostic.location, diagnostic.message)
            }
        }
    }

    private func firstTabPyYAMLRefuses(_ text: String) -> PythonTokenStream.SyntaxError? {
        let lintText = LintText(text)
        let stream = PythonTokenStream(text: lintText, lines: LintLine.lines(of: lintText))
        return stream.scan(bytes, file: leaf.path, limits: options.yamlLimits) { _ in }
    }

    private mutating func addLint(_ problems: [LintProblem]) {
        for problem in problems {
            let severity: Diagnostic.Severity = problem.level == .error || options.strictLint ? .error : .warning
            add(
                .lint(rule: problem.rule ?? "syntax"), severity: severity,
                at: SourceLocation(file: leaf.path, line: problem.line, column: problem.column), problem.message)
        }
    }

    /// The schema is named by the last folder of the leaf's path that is a taxonomy folder
    /// (`TaxonomyParser` looks from the end: `compositional_skills/a/knowledge/b` is
    /// knowledge), else by the document's content.
    private mutating func validateSchema(root: Node, entries: [PythonDictEntry], version: SchemaVersion) {
        let schemaName: String
        if let folder = leaf.path.split(separator: "/").last(where: { options.folders.contains(String($0)) }) {
            schemaName = String(folder)
        } else {
            let kind: LeafKind = entries.contains { $0.key == .string("document") } ? .knowledge : .skill
            schemaName = kind.schemaName
        }
        let file = "v\(version)/\(schemaName).json"
        guard let kind = LeafKind(schemaName: schemaName), let number = version.intValue,
            let schema = LeafSchema.schema(kind, version: number)
        else {
            add(
                .schema,
                "Cannot load schema file \(file). There is no \(schemaName) schema of version \(version) (versions \(LeafSchema.supportedVersions.lowerBound)–\(LeafSchema.supportedVersions.upperBound) exist)"
            )
            return
        }
        report.kind = kind
        if let deprecation = schema.deprecation {
            add(.schema, deprecation)
            return
        }
        var validator = SchemaValidator(schema: schema)
        validator.validate(root: root, entries: entries)
        for violation in validator.violations {
            add(.schema, at: violation.location, path: violation.path, violation.message)
        }
    }

    /// The taxonomy CI's messages (`scripts/check-yaml.py`), the empty file located at itself.
    private mutating func checkAttribution() {
        let name = TaxonomyLayout.attributionFileName
        guard leaf.siblings.contains(name) else {
            add(.attribution, "The \"\(name)\" file does not exist or is not a file")
            return
        }
        if leaf.siblings.size(of: name) == 0 {
            let folder = leaf.path.split(separator: "/").dropLast().joined(separator: "/")
            let path = folder.isEmpty ? name : "\(folder)/\(name)"
            add(.attribution, at: SourceLocation(file: path, line: 1, column: 1), "The \"\(path)\" file must be non-empty")
        }
    }
}
