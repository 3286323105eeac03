/// One line a stage printed on its standard output, read as the worker protocol defines it:
/// `::progress 0.42 some text` and `::metric name=value` are understood, everything else
/// (malformed protocol lines included) is plain text for the log.
public enum StageOutputLine: Sendable, Hashable {
    /// `::progress <fraction> [message]`, the fraction in `0...1`.
    case progress(fraction: Double, message: String)
    /// `::metric <name>=<value>`, the value a finite number.
    case metric(name: String, value: Double)
    /// Any other line.
    case text(String)

    private static let progressPrefix = "::progress"
    private static let metricPrefix = "::metric"

    /// Reads `line` (without its line terminator). Never fails: a line that does not follow
    /// the protocol exactly is `.text`.
    public init(parsing line: String) {
        if let rest = Self.argument(of: Self.progressPrefix, in: line),
            let progress = Self.progress(from: rest)
        {
            self = progress
        } else if let rest = Self.argument(of: Self.metricPrefix, in: line),
            let metric = Self.metric(from: rest)
        {
            self = metric
        } else {
            self = .text(line)
        }
    }

    /// The event this line reports to the scheduler, if it is a protocol line.
    public var event: AttemptEvent? {
        switch self {
        case .progress(let fraction, let message): .progress(fraction: fraction, message: message)
        case .metric(let name, let value): .metric(name: name, value: value)
        case .text: nil
        }
    }

    /// What follows `keyword` and at least one space, or nil when `line` does not start with
    /// the keyword as a whole word. Trailing whitespace (a `\r` from CRLF output) is dropped.
    private static func argument(of keyword: String, in line: String) -> Substring? {
        let trimmed = line[...].droppingTrailingWhitespace()
        guard trimmed.hasPrefix(keyword + " ") else { return nil }
        return trimmed.dropFirst(keyword.count).drop(while: { $0 == " " })
    }

    private static func progress(from argument: Substring) -> StageOutputLine? {
        let fractionText = argument.prefix(while: { $0 != " " })
        guard let fraction = Double(fractionText), fraction.isFinite, (0...1).contains(fraction)
        else { return nil }
        let message = argument.dropFirst(fractionText.count).drop(while: { $0 == " " })
        return .progress(fraction: fraction, message: String(message))
    }

    private static func metric(from argument: Substring) -> StageOutputLine? {
        guard let equals = argument.firstIndex(of: "=") else { return nil }
        let name = argument[..<equals]
        let valueText = argument[argument.index(after: equals)...]
        guard !name.isEmpty, !name.contains(where: \.isWhitespace),
            let value = Double(valueText), value.isFinite
        else { return nil }
        return .metric(name: String(name), value: value)
    }
}

extension Substring {
    fileprivate func droppingTrailingWhitespace() -> Substring {
        var end = endIndex
        while end > startIndex, self[index(before: end)].isWhitespace {
            end = index(before: end)
        }
        return self[..<end]
    }
}
