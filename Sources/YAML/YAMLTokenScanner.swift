import CLibYAML

/// A position in the source as libyaml's scanner reports it: 0-based character index,
/// line and column.
public struct YAMLMark: Sendable, Hashable {
    public let index: Int
    public let line: Int
    public let column: Int

    public init(index: Int, line: Int, column: Int) {
        self.index = index
        self.line = line
        self.column = column
    }
}

/// One token of the YAML token stream (the layer below events), with where it starts and
/// ends. Linters that judge layout (spacing, indentation) need this level of detail.
public struct YAMLToken: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case streamStart, streamEnd, versionDirective, tagDirective, documentStart, documentEnd
        case blockSequenceStart, blockMappingStart, blockEnd
        case flowSequenceStart, flowSequenceEnd, flowMappingStart, flowMappingEnd
        case blockEntry, flowEntry, key, value, alias, anchor, tag, scalar
    }

    public let kind: Kind
    public let start: YAMLMark
    public let end: YAMLMark
    /// The name of an alias or anchor, or a scalar's value; empty for other tokens (and
    /// for the scalars a `.mappingKeys` scan skips).
    public let value: String
    /// The length in UTF-8 bytes of a scalar's value, even when `value` was skipped.
    public let valueLength: Int
    /// How a scalar was written; `nil` for other tokens.
    public let style: Scalar.Style?

    public init(
        kind: Kind, start: YAMLMark, end: YAMLMark, value: String = "", valueLength: Int? = nil,
        style: Scalar.Style? = nil
    ) {
        self.kind = kind
        self.start = start
        self.end = end
        self.value = value
        self.valueLength = valueLength ?? value.utf8.count
        self.style = style
    }
}

/// Runs libyaml's scanner alone over a document, token by token.
public enum YAMLTokenScanner {
    /// Which scalar values to copy out of libyaml.
    public enum ScalarValues: Sendable {
        case all
        /// Only scalars right after a key token (mapping keys); cheaper for linters
        /// that judge layout and keys, not content.
        case mappingKeys
    }

    /// Hands every token to `body` in order, up to the end of the stream or the first
    /// scanner error, which is returned (located in `file`). Bytes over
    /// `limits.maxBytes` are refused before scanning.
    public static func scan(
        _ bytes: [UInt8], file: String, limits: YAMLLimits = .standard, scalarValues: ScalarValues = .all,
        _ body: (YAMLToken) -> Void
    ) -> Diagnostic? {
        guard bytes.count <= limits.maxBytes else {
            return Diagnostic(
                at: SourceLocation(file: file, line: 1, column: 1),
                "document is \(bytes.count) bytes, over the limit of \(limits.maxBytes) bytes")
        }
        return LibYAMLStream.withParser(bytes, file: file) { parser, buffer in
            var previousKind: YAMLToken.Kind?
            while true {
                var token = yaml_token_t()
                guard yaml_parser_scan(&parser, &token) != 0 else {
                    return YAMLParser.syntaxError(of: parser, file: file, bytes: buffer)
                }
                defer { yaml_token_delete(&token) }
                let keepValue = scalarValues == .all || previousKind == .key
                guard let converted = Self.token(token, keepingScalarValue: keepValue) else { return nil }
                previousKind = converted.kind
                body(converted)
                if converted.kind == .streamEnd { return nil }
            }
        }
    }

    private static func token(_ token: yaml_token_t, keepingScalarValue: Bool) -> YAMLToken? {
        let start = mark(token.start_mark), end = mark(token.end_mark)
        let kind: YAMLToken.Kind
        var value = ""
        var valueLength: Int?
        var style: Scalar.Style?
        switch token.type {
        case YAML_STREAM_START_TOKEN: kind = .streamStart
        case YAML_STREAM_END_TOKEN: kind = .streamEnd
        case YAML_VERSION_DIRECTIVE_TOKEN: kind = .versionDirective
        case YAML_TAG_DIRECTIVE_TOKEN: kind = .tagDirective
        case YAML_DOCUMENT_START_TOKEN: kind = .documentStart
        case YAML_DOCUMENT_END_TOKEN: kind = .documentEnd
        case YAML_BLOCK_SEQUENCE_START_TOKEN: kind = .blockSequenceStart
        case YAML_BLOCK_MAPPING_START_TOKEN: kind = .blockMappingStart
        case YAML_BLOCK_END_TOKEN: kind = .blockEnd
        case YAML_FLOW_SEQUENCE_START_TOKEN: kind = .flowSequenceStart
        case YAML_FLOW_SEQUENCE_END_TOKEN: kind = .flowSequenceEnd
        case YAML_FLOW_MAPPING_START_TOKEN: kind = .flowMappingStart
        case YAML_FLOW_MAPPING_END_TOKEN: kind = .flowMappingEnd
        case YAML_BLOCK_ENTRY_TOKEN: kind = .blockEntry
        case YAML_FLOW_ENTRY_TOKEN: kind = .flowEntry
        case YAML_KEY_TOKEN: kind = .key
        case YAML_VALUE_TOKEN: kind = .value
        case YAML_ALIAS_TOKEN:
            kind = .alias
            value = token.data.alias.value.map { String(cString: $0) } ?? ""
        case YAML_ANCHOR_TOKEN:
            kind = .anchor
            value = token.data.anchor.value.map { String(cString: $0) } ?? ""
        case YAML_TAG_TOKEN: kind = .tag
        case YAML_SCALAR_TOKEN:
            kind = .scalar
            let scalar = token.data.scalar
            if keepingScalarValue { value = TreeBuilder.string(scalar.value, length: scalar.length) }
            valueLength = scalar.length
            style = TreeBuilder.style(scalar.style)
        default: return nil
        }
        return YAMLToken(kind: kind, start: start, end: end, value: value, valueLength: valueLength, style: style)
    }

    private static func mark(_ mark: yaml_mark_t) -> YAMLMark {
        YAMLMark(index: mark.index, line: mark.line, column: mark.column)
    }
}
