import YAML

/// yamllint's `indentation` rule with the `relaxed` preset's settings (warning; spaces
/// and sequence indentation both "consistent": whatever the document does first, it
/// must keep doing). A port of yamllint's state machine, kept close to the original so
/// its results stay the same.
struct LintIndentationRule {
    private enum ParentKind { case root, blockMapping, flowMapping, blockSequence, flowSequence, blockEntry, key, value }

    private struct Parent {
        var kind: ParentKind
        var indent: Int
        var lineIndent: Int?
        var explicitKey = false
        var implicitBlockSequence = false
    }

    private enum SequenceIndentation { case consistent, indented, notIndented }

    /// A token the state machine cannot place; yamllint reports it and goes on.
    private struct UnexpectedToken: Error {}

    private var stack: [Parent] = [Parent(kind: .root, indent: 0)]
    private var currentLine = -1
    private var currentLineIndent = 0
    private var spaces: Int?
    private var sequences = SequenceIndentation.consistent

    mutating func check(_ window: LintTokenWindow, in text: LintText, into problems: inout [LintProblem]) {
        do {
            try check(window, text, into: &problems)
        } catch {
            problems.append(
                problem(
                    window.token.start.line + 1, window.token.start.column + 1,
                    "cannot infer indentation: unexpected token"))
        }
    }

    private func problem(_ line: Int, _ column: Int, _ description: String) -> LintProblem {
        LintProblem(line: line, column: column, description: description, rule: "indentation", level: .warning)
    }

    private mutating func detectIndent(_ base: Int, _ next: YAMLToken) -> Int {
        if spaces == nil { spaces = next.start.column - base }
        return base + (spaces ?? 0)
    }

    private static func isFlowOrBlockEnd(_ kind: YAMLToken.Kind?) -> Bool {
        kind == .blockEnd || kind == .flowMappingEnd || kind == .flowSequenceEnd || kind == .key
    }

    private mutating func check(_ window: LintTokenWindow, _ text: LintText, into problems: inout [LintProblem])
        throws(UnexpectedToken)
    {
        let token = window.token
        let isVisible =
            token.kind != .streamStart && token.kind != .streamEnd && token.kind != .blockEnd
            && !(token.kind == .scalar && token.valueLength == 0)
        let firstInLine = isVisible && token.start.line + 1 > currentLine
        guard let top = stack.last else { throw UnexpectedToken() }

        if firstInLine {
            let found = token.start.column
            var expected = top.indent
            if token.kind == .flowMappingEnd || token.kind == .flowSequenceEnd {
                expected = top.lineIndent ?? 0
            } else if top.kind == .key, top.explicitKey, token.kind != .value {
                expected = detectIndent(expected, token)
            }
            if found != expected {
                let message =
                    expected < 0
                    ? "wrong indentation: expected at least \(found + 1)"
                    : "wrong indentation: expected \(expected) but found \(found)"
                problems.append(problem(token.start.line + 1, found + 1, message))
            }
        }
        if isVisible {
            currentLine = LintSpacing.realEndLine(of: token, in: text)
            if firstInLine { currentLineIndent = token.start.column }
        }

        try push(window, text)
        try pop(window)
    }

    private mutating func push(_ window: LintTokenWindow, _ text: LintText) throws(UnexpectedToken) {
        let token = window.token
        switch token.kind {
        case .blockMappingStart:
            guard let next = window.next, next.kind == .key, next.start.line == token.start.line else {
                throw UnexpectedToken()
            }
            stack.append(Parent(kind: .blockMapping, indent: token.start.column))
        case .flowMappingStart, .flowSequenceStart:
            guard let next = window.next else { throw UnexpectedToken() }
            let indent =
                next.start.line == token.start.line ? next.start.column : detectIndent(currentLineIndent, next)
            stack.append(
                Parent(
                    kind: token.kind == .flowMappingStart ? .flowMapping : .flowSequence, indent: indent,
                    lineIndent: currentLineIndent))
        case .blockSequenceStart:
            guard let next = window.next, next.kind == .blockEntry, next.start.line == token.start.line else {
                throw UnexpectedToken()
            }
            stack.append(Parent(kind: .blockSequence, indent: token.start.column))
        case .blockEntry:
            guard let next = window.next, next.kind != .blockEntry, next.kind != .blockEnd else { return }
            if stack.last?.kind != .blockSequence {
                var parent = Parent(kind: .blockSequence, indent: token.start.column)
                parent.implicitBlockSequence = true
                stack.append(parent)
            }
            let indent: Int
            if next.start.line == token.end.line || next.start.column == token.start.column {
                indent = next.start.column
            } else {
                indent = detectIndent(token.start.column, next)
            }
            stack.append(Parent(kind: .blockEntry, indent: indent))
        case .key:
            guard let top = stack.last else { throw UnexpectedToken() }
            var parent = Parent(kind: .key, indent: top.indent)
            parent.explicitKey = LintSpacing.isExplicitKey(token, in: text)
            stack.append(parent)
        case .value:
            try pushValue(window)
        default:
            break
        }
    }

    private mutating func pushValue(_ window: LintTokenWindow) throws(UnexpectedToken) {
        guard let key = stack.last, key.kind == .key else { throw UnexpectedToken() }
        guard var next = window.next else { throw UnexpectedToken() }
        if next.kind == .anchor || next.kind == .tag {
            guard let previous = window.previous, let nextNext = window.nextNext else { throw UnexpectedToken() }
            if next.start.line == previous.start.line, next.start.line < nextNext.start.line {
                next = nextNext
            }
        }
        guard !Self.isFlowOrBlockEnd(next.kind) else { return }
        let indent: Int
        if key.explicitKey {
            indent = detectIndent(key.indent, next)
        } else if next.start.line == window.previous?.start.line {
            indent = next.start.column
        } else if next.kind == .blockSequenceStart || next.kind == .blockEntry {
            switch sequences {
            case .notIndented:
                indent = key.indent
            case .indented:
                indent = detectIndent(key.indent, next)
            case .consistent:
                if next.start.column == key.indent {
                    sequences = .notIndented
                    indent = key.indent
                } else {
                    sequences = .indented
                    indent = detectIndent(key.indent, next)
                }
            }
        } else {
            indent = detectIndent(key.indent, next)
        }
        stack.append(Parent(kind: .value, indent: indent))
    }

    private mutating func pop(_ window: LintTokenWindow) throws(UnexpectedToken) {
        let token = window.token
        let next = window.next
        var consumed = false
        while let top = stack.last {
            let parentOfTop = stack.count >= 2 ? stack[stack.count - 2] : nil
            if top.kind == .flowSequence, token.kind == .flowSequenceEnd, !consumed {
                stack.removeLast()
                consumed = true
            } else if top.kind == .flowMapping, token.kind == .flowMappingEnd, !consumed {
                stack.removeLast()
                consumed = true
            } else if top.kind == .blockMapping || top.kind == .blockSequence, token.kind == .blockEnd,
                !top.implicitBlockSequence, !consumed
            {
                stack.removeLast()
                consumed = true
            } else if top.kind == .blockEntry, token.kind != .blockEntry,
                parentOfTop?.implicitBlockSequence == true, token.kind != .anchor, token.kind != .tag,
                next?.kind != .blockEntry
            {
                stack.removeLast(2)
            } else if top.kind == .blockEntry, next?.kind == .blockEntry || next?.kind == .blockEnd {
                stack.removeLast()
            } else if top.kind == .value, token.kind != .value, token.kind != .anchor, token.kind != .tag {
                guard parentOfTop?.kind == .key else { throw UnexpectedToken() }
                stack.removeLast(2)
            } else if top.kind == .key, Self.isFlowOrBlockEnd(next?.kind) {
                stack.removeLast()
            } else {
                break
            }
        }
    }
}
