/// One line of the document as yamllint splits it: `start..<end` in characters, the
/// line break (and a `\r` before it) excluded.
struct LintLine: Sendable, Hashable {
    let number: Int
    let start: Int
    let end: Int

    /// The lines of `text`, split on `\n` like yamllint's `line_generator`; a text ending
    /// in a line break has a last, empty line.
    static func lines(of text: LintText) -> [LintLine] {
        var lines: [LintLine] = []
        var start = 0
        var number = 1
        for index in 0..<text.count where text.scalars[index] == "\n" {
            let end = index > 0 && text.scalars[index - 1] == "\r" ? index - 1 : index
            lines.append(LintLine(number: number, start: start, end: max(start, end)))
            start = index + 1
            number += 1
        }
        lines.append(LintLine(number: number, start: start, end: text.count))
        return lines
    }
}

/// yamllint's line rules, with the `relaxed` preset's settings.
enum LintLineRules {
    static func check(_ line: LintLine, in text: LintText, into problems: inout [LintProblem]) {
        if let problem = emptyLines(line, text) { problems.append(problem) }
        if let problem = newLineAtEndOfFile(line, text) { problems.append(problem) }
        if let problem = newLines(line, text) { problems.append(problem) }
        if let problem = trailingSpaces(line, text) { problems.append(problem) }
    }

    /// `trailing-spaces` (error).
    static func trailingSpaces(_ line: LintLine, _ text: LintText) -> LintProblem? {
        guard line.end != 0 else { return nil }
        var position = line.end
        while LintText.isWhitespace(text[position - 1]), position > line.start {
            position -= 1
        }
        guard position != line.end, text[position] == " " || text[position] == "\t" else { return nil }
        return LintProblem(
            line: line.number, column: position - line.start + 1, description: "trailing spaces",
            rule: "trailing-spaces", level: .error)
    }

    /// `new-line-at-end-of-file` (error).
    static func newLineAtEndOfFile(_ line: LintLine, _ text: LintText) -> LintProblem? {
        guard line.end == text.count, line.end > line.start else { return nil }
        return LintProblem(
            line: line.number, column: line.end - line.start + 1,
            description: "no new line character at the end of file", rule: "new-line-at-end-of-file",
            level: .error)
    }

    /// `new-lines` with `type: unix` (error): judged on the first line only, as yamllint does.
    static func newLines(_ line: LintLine, _ text: LintText) -> LintProblem? {
        guard line.start == 0, text.count > line.end, text[line.end] != "\n" else { return nil }
        return LintProblem(
            line: 1, column: line.end - line.start + 1, description: "wrong new line character: expected \\n",
            rule: "new-lines", level: .error)
    }

    /// `empty-lines` with max 2, max-start 0, max-end 0 (warning).
    static func emptyLines(_ line: LintLine, _ text: LintText) -> LintProblem? {
        guard line.start == line.end, line.end < text.count else { return nil }
        // Only the last blank line of a series is judged.
        if line.end + 2 <= text.count, text[line.end] == "\n", text[line.end + 1] == "\n" { return nil }
        if line.end + 4 <= text.count, text[line.end] == "\r", text[line.end + 1] == "\n",
            text[line.end + 2] == "\r", text[line.end + 3] == "\n"
        {
            return nil
        }
        var blankLines = 0
        var start = line.start
        while start >= 2, text[start - 2] == "\r", text[start - 1] == "\n" {
            blankLines += 1
            start -= 2
        }
        while start >= 1, text[start - 1] == "\n" {
            blankLines += 1
            start -= 1
        }
        var maximum = 2
        if start == 0 {
            blankLines += 1
            maximum = 0
        }
        let endsDocument =
            (line.end == text.count - 1 && text[line.end] == "\n")
            || (line.end == text.count - 2 && text[line.end] == "\r" && text[line.end + 1] == "\n")
        if endsDocument {
            if line.end == 0 { return nil }
            maximum = 0
        }
        guard blankLines > maximum else { return nil }
        return LintProblem(
            line: line.number, column: 1, description: "too many blank lines (\(blankLines) > \(maximum))",
            rule: "empty-lines", level: .warning)
    }
}
