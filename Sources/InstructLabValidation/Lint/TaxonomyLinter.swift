import YAML

/// The yamllint checks InstructLab runs on every taxonomy leaf — yamllint's `relaxed`
/// preset with `line-length` disabled — reimplemented over libyaml's token stream so
/// that no Python is needed. Problems come out in yamllint's order, with its messages,
/// lines and columns.
///
/// Errors in this preset: trailing spaces, a missing final newline, non-unix line
/// breaks, duplicate keys, undeclared aliases and syntax errors. Warnings (which
/// `ilab`, running strict, also counts as failures): indentation, blank lines, and the
/// spacing of colons, commas, hyphens, braces and brackets.
enum TaxonomyLinter {
    /// The problems in `bytes` (already known to be UTF-8, decoded as `text`).
    /// `syntaxError` is the document's first syntax error when the caller already knows
    /// it, or `.unknown` to look for one.
    static func lint(
        _ bytes: [UInt8], text: String, file: String, limits: YAMLLimits, syntaxError: KnownSyntaxError = .unknown
    )
        -> [LintProblem]
    {
        let text = LintText(text)
        let lines = LintLine.lines(of: text)
        if let first = lines.first, isDisableFileDirective(text, first) { return [] }

        var session = LintSession(text: text, lines: lines)
        let stream = PythonTokenStream(text: text, lines: lines)
        let scanError = stream.scan(bytes, file: file, limits: limits) { session.receive($0) }
        session.finish(judgingWaitingTokens: scanError == nil)
        let problems = session.problems

        var error: PythonTokenStream.SyntaxError?
        switch syntaxError {
        case .none: error = nil
        case .known(let known): error = known
        case .unknown:
            error = YAMLParser.syntaxError(in: bytes, file: file).map {
                PythonTokenStream.SyntaxError(line: $0.location.line, column: $0.location.column, problem: $0.message)
            }
        }
        if let scanError, error.map({ ($0.line, $0.column) > (scanError.line, scanError.column) }) ?? true {
            error = scanError
        }
        if let end = stream.streamEnd, let found = error, found.line == end.line + 2, found.column == 1 {
            error?.line = end.line + 1
            error?.column = end.column + 1
        }
        return insertingSyntaxError(error, into: problems)
    }

    /// yamllint places a syntax error before the first problem at or after it, dropping
    /// that problem as redundant, or last.
    private static func insertingSyntaxError(
        _ error: PythonTokenStream.SyntaxError?, into problems: [LintProblem]
    ) -> [LintProblem] {
        guard let error else { return problems }
        let syntaxError = LintProblem(
            line: error.line, column: error.column,
            description: "syntax error: \(pythonWording(error.problem)) (syntax)", rule: nil, level: .error)
        var result: [LintProblem] = []
        var inserted = false
        for problem in problems {
            if !inserted, syntaxError.line <= problem.line, syntaxError.column <= problem.column {
                result.append(syntaxError)
                inserted = true
                continue
            }
            result.append(problem)
        }
        if !inserted { result.append(syntaxError) }
        return result
    }

    /// libyaml's problem in PyYAML's words where they differ only in wording, without
    /// libyaml's "while parsing …" context (yamllint prints the problem alone).
    private static func pythonWording(_ message: String) -> String {
        var problem = Substring(message)
        if problem.hasPrefix("while "), let separator = problem.firstRange(of: ": ") {
            problem = problem[separator.upperBound...]
        }
        switch problem {
        case "mapping values are not allowed in this context": return "mapping values are not allowed here"
        default: return String(problem)
        }
    }

    /// What the caller knows about syntax errors before linting.
    enum KnownSyntaxError {
        /// The document parsed: there is none.
        case none
        /// Not known: the linter looks.
        case unknown
        /// Found by the caller (a tab PyYAML refuses).
        case known(PythonTokenStream.SyntaxError)
    }

    /// `# yamllint disable-file` on the first line turns every check off
    /// (yamllint's `^#\s*yamllint disable-file\s*$`).
    private static func isDisableFileDirective(_ text: LintText, _ line: LintLine) -> Bool {
        var content = Substring(String(String.UnicodeScalarView(text.scalars[line.start..<line.end])))
        guard content.first == "#" else { return false }
        content = content.dropFirst().drop { $0 == " " || $0 == "\t" }
        guard content.hasPrefix("yamllint disable-file") else { return false }
        return content.dropFirst("yamllint disable-file".count).allSatisfy { $0 == " " || $0 == "\t" }
    }
}

/// The token and line rules run over one document, fed token by token.
private struct LintSession {
    let text: LintText
    let lines: [LintLine]
    private(set) var problems: [LintProblem] = []
    private var lineCursor = 0
    private var rules = LintTokenRules()
    private var indentation = LintIndentationRule()
    // A token is judged once the two after it are known, as yamllint does; after a
    // scanner error the tokens still waiting for their neighbours are not judged.
    // `tokens[judged...]` wait; the one before them is the previous token. Judged tokens
    // are dropped now and then, so a long document keeps only a few.
    private var tokens: [YAMLToken] = []
    private var judged = 0
    private var reachedEnd = false
    private static let keptJudgedTokens = 256

    init(text: LintText, lines: [LintLine]) {
        self.text = text
        self.lines = lines
    }

    mutating func receive(_ token: YAMLToken) {
        if token.kind == .streamEnd { reachedEnd = true }
        tokens.append(token)
        if tokens.count - judged == 3 { judgeFirstWaiting() }
    }

    mutating func finish(judgingWaitingTokens: Bool) {
        if reachedEnd, judgingWaitingTokens {
            while judged < tokens.count { judgeFirstWaiting() }
        }
        flushLines(through: Int.max)
    }

    private mutating func judgeFirstWaiting() {
        let window = LintTokenWindow(tokens, at: judged)
        flushLines(through: window.token.start.line + 1)
        rules.checkBeforeIndentation(window, in: text, into: &problems)
        indentation.check(window, in: text, into: &problems)
        if let problem = rules.checkKeyDuplicates(window) { problems.append(problem) }
        judged += 1
        if judged > Self.keptJudgedTokens {
            tokens.removeFirst(judged - 1)
            judged = 1
        }
    }

    // yamllint interleaves tokens and lines by line number; a line's rules run once
    // every token starting on or before it has been seen.
    private mutating func flushLines(through lineNumber: Int) {
        while lineCursor < lines.count, lines[lineCursor].number < lineNumber {
            LintLineRules.check(lines[lineCursor], in: text, into: &problems)
            lineCursor += 1
        }
    }
}
