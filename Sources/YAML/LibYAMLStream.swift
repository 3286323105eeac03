import CLibYAML

/// One place that sets up and tears down libyaml's parser over a byte buffer, for the
/// tree builder, the syntax check and the token scanner.
enum LibYAMLStream {
    /// Runs `body` with a parser reading `bytes`; its result is the problem found, if any.
    static func withParser(
        _ bytes: [UInt8], file: String,
        _ body: (inout yaml_parser_t, UnsafeBufferPointer<UInt8>) -> Diagnostic?
    ) -> Diagnostic? {
        bytes.withUnsafeBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) != 0 else {
                return Diagnostic(
                    at: SourceLocation(file: file, line: 1, column: 1),
                    "could not initialise the YAML parser (out of memory)")
            }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            return body(&parser, buffer)
        }
    }

    /// Hands every event of `bytes` to `consume` until the stream ends, `consume` returns
    /// a problem, or libyaml finds a syntax error.
    static func events(
        _ bytes: [UInt8], file: String, _ consume: (yaml_event_t) -> Diagnostic?
    ) -> Diagnostic? {
        withParser(bytes, file: file) { parser, buffer in
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) != 0 else {
                    return YAMLParser.syntaxError(of: parser, file: file, bytes: buffer)
                }
                defer { yaml_event_delete(&event) }
                if let problem = consume(event) { return problem }
                if event.type == YAML_STREAM_END_EVENT { return nil }
            }
        }
    }
}
