import YAML

/// yamllint's token rules other than indentation, with the `relaxed` preset's settings:
/// anchors, braces, brackets, colons, commas, hyphens, key-duplicates.
struct LintTokenRules {
    private var anchors: Set<String> = []
    private var keyStack: [(isMapping: Bool, keys: DistinctTexts)] = []

    /// The rules yamllint runs before `indentation`, in its order.
    mutating func checkBeforeIndentation(
        _ window: LintTokenWindow, in text: LintText, into problems: inout [LintProblem]
    ) {
        if let problem = checkAnchors(window) { problems.append(problem) }
        Self.braces(window, text, &problems)
        Self.brackets(window, text, &problems)
        Self.colons(window, text, &problems)
        Self.commas(window, text, &problems)
        if window.token.kind == .blockEntry,
            let problem = LintSpacing.after(
                window, max: 1, maxDescription: "too many spaces after hyphen", rule: "hyphens", level: .warning)
        {
            problems.append(problem)
        }
    }

    /// `anchors` (error): an alias to an anchor not declared before it in the document.
    private mutating func checkAnchors(_ window: LintTokenWindow) -> LintProblem? {
        let token = window.token
        switch token.kind {
        case .streamStart, .documentStart, .documentEnd:
            anchors = []
        case .alias where !anchors.contains(token.value):
            return LintProblem(
                line: token.start.line + 1, column: token.start.column + 1,
                description: "found undeclared alias \"\(token.value)\"", rule: "anchors", level: .error)
        case .anchor:
            anchors.insert(token.value)
        default:
            break
        }
        return nil
    }

    /// `key-duplicates` (error); `<<` merge keys may repeat.
    mutating func checkKeyDuplicates(_ window: LintTokenWindow) -> LintProblem? {
        switch window.token.kind {
        case .blockMappingStart, .flowMappingStart:
            keyStack.append((true, DistinctTexts()))
        case .blockSequenceStart, .flowSequenceStart:
            keyStack.append((false, DistinctTexts()))
        case .blockEnd, .flowMappingEnd, .flowSequenceEnd:
            _ = keyStack.popLast()
        case .key:
            guard let next = window.next, next.kind == .scalar, let top = keyStack.last, top.isMapping else {
                return nil
            }
            if top.keys.contains(next.value), next.value != "<<" {
                return LintProblem(
                    line: next.start.line + 1, column: next.start.column + 1,
                    description: "duplication of key \"\(next.value)\" in mapping", rule: "key-duplicates",
                    level: .error)
            }
            _ = keyStack[keyStack.count - 1].keys.insert(next.value)
        default:
            break
        }
        return nil
    }

    /// `braces` with at most one space inside (warning).
    private static func braces(_ window: LintTokenWindow, _ text: LintText, _ problems: inout [LintProblem]) {
        guard window.token.kind == .flowMappingStart || window.token.kind == .flowMappingEnd else { return }
        flowSpacing(
            window, text, opening: .flowMappingStart, closing: .flowMappingEnd, noun: "braces", rule: "braces",
            &problems)
    }

    /// `brackets` with at most one space inside (warning).
    private static func brackets(_ window: LintTokenWindow, _ text: LintText, _ problems: inout [LintProblem]) {
        guard window.token.kind == .flowSequenceStart || window.token.kind == .flowSequenceEnd else { return }
        flowSpacing(
            window, text, opening: .flowSequenceStart, closing: .flowSequenceEnd, noun: "brackets",
            rule: "brackets", &problems)
    }

    private static func flowSpacing(
        _ window: LintTokenWindow, _ text: LintText, opening: YAMLToken.Kind, closing: YAMLToken.Kind,
        noun: String, rule: String, _ problems: inout [LintProblem]
    ) {
        let token = window.token
        let problem: LintProblem?
        if token.kind == opening, window.next?.kind == closing {
            problem = LintSpacing.after(
                window, min: 0, max: 1, minDescription: "too few spaces inside empty \(noun)",
                maxDescription: "too many spaces inside empty \(noun)", rule: rule, level: .warning)
        } else if token.kind == opening {
            problem = LintSpacing.after(
                window, min: 0, max: 1, minDescription: "too few spaces inside \(noun)",
                maxDescription: "too many spaces inside \(noun)", rule: rule, level: .warning)
        } else if token.kind == closing, window.previous?.kind != opening {
            problem = LintSpacing.before(
                window, in: text, min: 0, max: 1, minDescription: "too few spaces inside \(noun)",
                maxDescription: "too many spaces inside \(noun)", rule: rule, level: .warning)
        } else {
            problem = nil
        }
        if let problem { problems.append(problem) }
    }

    /// `colons`: no space before, at most one after (warning).
    private static func colons(_ window: LintTokenWindow, _ text: LintText, _ problems: inout [LintProblem]) {
        let token = window.token
        let followsAliasDirectly =
            window.previous?.kind == .alias && token.start.index - (window.previous?.end.index ?? 0) == 1
        if token.kind == .value, !followsAliasDirectly {
            if let problem = LintSpacing.before(
                window, in: text, max: 0, maxDescription: "too many spaces before colon", rule: "colons",
                level: .warning)
            {
                problems.append(problem)
            }
            if let problem = LintSpacing.after(
                window, max: 1, maxDescription: "too many spaces after colon", rule: "colons", level: .warning)
            {
                problems.append(problem)
            }
        }
        if token.kind == .key, LintSpacing.isExplicitKey(token, in: text),
            let problem = LintSpacing.after(
                window, max: 1, maxDescription: "too many spaces after question mark", rule: "colons",
                level: .warning)
        {
            problems.append(problem)
        }
    }

    /// `commas`: no space before, exactly one after (warning).
    private static func commas(_ window: LintTokenWindow, _ text: LintText, _ problems: inout [LintProblem]) {
        let token = window.token
        guard token.kind == .flowEntry else { return }
        if let previous = window.previous, previous.end.line < token.start.line {
            problems.append(
                LintProblem(
                    line: token.start.line + 1, column: max(1, token.start.column),
                    description: "too many spaces before comma", rule: "commas", level: .warning))
        } else if let problem = LintSpacing.before(
            window, in: text, max: 0, maxDescription: "too many spaces before comma", rule: "commas",
            level: .warning)
        {
            problems.append(problem)
        }
        if let problem = LintSpacing.after(
            window, min: 1, max: 1, minDescription: "too few spaces after comma",
            maxDescription: "too many spaces after comma", rule: "commas", level: .warning)
        {
            problems.append(problem)
        }
    }
}
