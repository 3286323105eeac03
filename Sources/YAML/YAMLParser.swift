import CLibYAML

/// Parses YAML text with libyaml into a `Node` tree, within `YAMLLimits`.
///
/// One document per file: a second document is an error, an empty file is `nil`.
/// Duplicate mapping keys (unless `duplicateKeys` says otherwise), undefined aliases and
/// anything over the limits are errors, each located in the file.
public enum YAMLParser {
    /// Parses `bytes` (UTF-8, UTF-16 with a byte order mark) named `file` in messages.
    public static func parse(
        _ bytes: [UInt8], file: String, limits: YAMLLimits = .standard, duplicateKeys: DuplicateKeys = .refused
    ) throws(DiagnosticError) -> Node? {
        guard bytes.count <= limits.maxBytes else {
            throw DiagnosticError([
                Diagnostic(
                    at: SourceLocation(file: file, line: 1, column: 1),
                    "document is \(bytes.count) bytes, over the limit of \(limits.maxBytes) bytes"
                )
            ])
        }
        var builder = TreeBuilder(file: file, limits: limits, duplicateKeys: duplicateKeys)
        let failure = LibYAMLStream.events(bytes, file: file) { event in builder.consume(event) }
        if let failure { throw DiagnosticError([failure]) }
        return builder.root
    }

    /// Parses a string; see `parse(_:file:limits:)`.
    public static func parse(
        _ text: String, file: String, limits: YAMLLimits = .standard
    ) throws(DiagnosticError) -> Node? {
        try parse(Array(text.utf8), file: file, limits: limits)
    }

    /// The first syntax error in `bytes`, found by running libyaml's parser over the
    /// whole stream without building a tree (so later problems such as duplicate keys
    /// do not hide it); `nil` when the text is well-formed YAML.
    public static func syntaxError(in bytes: [UInt8], file: String) -> Diagnostic? {
        LibYAMLStream.events(bytes, file: file) { _ in nil }
    }

    static func syntaxError(
        of parser: yaml_parser_t, file: String, bytes: UnsafeBufferPointer<UInt8>
    ) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        if parser.error == YAML_READER_ERROR {
            let location = Self.location(ofOffset: parser.problem_offset, in: bytes, file: file)
            return Diagnostic(at: location, "\(problem) (byte offset \(parser.problem_offset))")
        }
        var message = problem
        if let context = parser.context {
            message = "\(String(cString: context)): \(problem)"
        }
        let mark = parser.problem_mark
        return Diagnostic(
            at: SourceLocation(file: file, line: mark.line + 1, column: mark.column + 1), message)
    }

    /// Line and column of a byte offset, for reader errors (bad encoding), which libyaml
    /// reports by offset only.
    private static func location(
        ofOffset offset: Int, in bytes: UnsafeBufferPointer<UInt8>, file: String
    ) -> SourceLocation {
        var line = 1, column = 1
        for byte in bytes.prefix(min(offset, bytes.count)) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}
