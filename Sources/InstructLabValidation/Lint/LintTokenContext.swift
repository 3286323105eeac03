import YAML

/// A token with its neighbours, as yamllint's token rules see it: a view into the tokens
/// received so far (the one judged, the one before it, and up to two after it), so that
/// judging a token copies none of them.
struct LintTokenWindow {
    private let tokens: [YAMLToken]
    private let position: Int

    /// The token at `position` of `tokens`; the tokens after it are those already received.
    init(_ tokens: [YAMLToken], at position: Int) {
        self.tokens = tokens
        self.position = position
    }

    var token: YAMLToken { tokens[position] }
    var previous: YAMLToken? { position > 0 ? tokens[position - 1] : nil }
    var next: YAMLToken? { position + 1 < tokens.count ? tokens[position + 1] : nil }
    var nextNext: YAMLToken? { position + 2 < tokens.count ? tokens[position + 2] : nil }
}

/// yamllint's spacing helpers (`rules/common.py`).
enum LintSpacing {
    /// A problem when the spaces between `token` and the next token on the same line
    /// are more than `max` (or fewer than `min`); `-1` means no bound.
    static func after(
        _ window: LintTokenWindow, min: Int = -1, max: Int = -1, minDescription: String = "",
        maxDescription: String = "", rule: String, level: LintProblem.Level
    ) -> LintProblem? {
        guard let next = window.next, window.token.end.line == next.start.line else { return nil }
        let spaces = next.start.index - window.token.end.index
        if max != -1, spaces > max {
            return LintProblem(
                line: window.token.start.line + 1, column: next.start.column, description: maxDescription,
                rule: rule, level: level)
        }
        if min != -1, spaces < min {
            return LintProblem(
                line: window.token.start.line + 1, column: next.start.column + 1, description: minDescription,
                rule: rule, level: level)
        }
        return nil
    }

    /// A problem when the spaces between the previous token on the same line and `token`
    /// are more than `max` (or fewer than `min`).
    static func before(
        _ window: LintTokenWindow, in text: LintText, min: Int = -1, max: Int = -1,
        minDescription: String = "", maxDescription: String = "", rule: String, level: LintProblem.Level
    ) -> LintProblem? {
        guard let previous = window.previous, previous.end.line == window.token.start.line,
            previous.end.index == 0 || text[previous.end.index - 1] != "\n"
        else { return nil }
        let spaces = window.token.start.index - previous.end.index
        if max != -1, spaces > max {
            return LintProblem(
                line: window.token.start.line + 1, column: window.token.start.column,
                description: maxDescription, rule: rule, level: level)
        }
        if min != -1, spaces < min {
            return LintProblem(
                line: window.token.start.line + 1, column: window.token.start.column + 1,
                description: minDescription, rule: rule, level: level)
        }
        return nil
    }

    /// `? key` written with an explicit question mark.
    static func isExplicitKey(_ token: YAMLToken, in text: LintText) -> Bool {
        token.start.index < token.end.index && text[token.start.index] == "?"
    }

    /// The line a token really ends on: scalars' end marks often sit on a later line.
    static func realEndLine(of token: YAMLToken, in text: LintText) -> Int {
        var endLine = token.end.line + 1
        guard token.kind == .scalar else { return endLine }
        var position = token.end.index - 1
        while position >= token.start.index - 1, LintText.isWhitespace(text[position]) {
            if text[position] == "\n" { endLine -= 1 }
            position -= 1
        }
        return endLine
    }
}
