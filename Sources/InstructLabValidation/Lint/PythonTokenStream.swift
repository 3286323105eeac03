import YAML

/// libyaml's token stream made to look like PyYAML's, which is what yamllint and
/// InstructLab's loader see. Two differences matter:
/// - at the end of a text without a final line break, libyaml moves the end marks to
///   the start of a new line; PyYAML leaves them right after the last character;
/// - PyYAML refuses a tab wherever it would separate tokens (before a comment, after
///   a value, between the words of a plain scalar) — "found character '\t' that
///   cannot start any token" — where libyaml takes it as a space.
struct PythonTokenStream {
    let text: LintText
    /// The end marks PyYAML gives a stream without a final line break.
    let streamEnd: YAMLMark?

    init(text: LintText, lines: [LintLine]) {
        self.text = text
        if let last = lines.last, last.end > last.start, text[text.count - 1] != "\n" {
            streamEnd = YAMLMark(index: text.count, line: lines.count - 1, column: text.count - last.start)
        } else {
            streamEnd = nil
        }
    }

    /// Why the stream stopped early, as PyYAML would report it.
    struct SyntaxError {
        var line: Int
        var column: Int
        var problem: String
    }

    /// Hands PyYAML-shaped tokens to `body` until the end of the stream or the first
    /// error, which is returned: libyaml's scanner error or a tab PyYAML refuses.
    func scan(_ bytes: [UInt8], file: String, limits: YAMLLimits, _ body: (YAMLToken) -> Void) -> SyntaxError? {
        var previousEnd = 0
        var tabError: SyntaxError?
        let scannerError = YAMLTokenScanner.scan(bytes, file: file, limits: limits, scalarValues: .mappingKeys) {
            scanned in
            guard tabError == nil else { return }
            let token = pythonMarks(scanned)
            if let tab = firstTabOutsideComments(from: previousEnd, to: min(token.start.index, text.count)) {
                tabError = tab
                return
            }
            if token.kind == .scalar, token.style == .plain,
                let tab = firstTab(from: token.start.index, to: min(token.end.index, text.count))
            {
                // PyYAML ends the scalar before the tab, then fails on the next token.
                body(token)
                tabError = tab
                return
            }
            body(token)
            previousEnd = max(previousEnd, token.end.index)
        }
        if let tabError { return tabError }
        return scannerError.map {
            SyntaxError(line: $0.location.line, column: $0.location.column, problem: $0.message)
        }
    }

    private func pythonMarks(_ token: YAMLToken) -> YAMLToken {
        guard let streamEnd, token.start.index >= text.count, token.start.column == 0 else { return token }
        return YAMLToken(
            kind: token.kind, start: streamEnd, end: streamEnd, value: token.value, valueLength: token.valueLength,
            style: token.style)
    }

    private func tabError(at index: Int) -> SyntaxError {
        var line = 1, column = 1
        for position in 0..<index {
            if text.scalars[position] == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return SyntaxError(line: line, column: column, problem: "found character '\\t' that cannot start any token")
    }

    private func firstTab(from start: Int, to end: Int) -> SyntaxError? {
        guard start < end else { return nil }
        for index in start..<end where text.scalars[index] == "\t" { return tabError(at: index) }
        return nil
    }

    /// A tab between tokens that is not inside a comment.
    private func firstTabOutsideComments(from start: Int, to end: Int) -> SyntaxError? {
        guard start < end else { return nil }
        var inComment = false
        for index in start..<end {
            switch text.scalars[index] {
            case "#": inComment = true
            case "\n": inComment = false
            case "\t" where !inComment: return tabError(at: index)
            default: break
            }
        }
        return nil
    }
}
