/// A five-field cron expression (`minute hour day-of-month month day-of-week`) with lists,
/// ranges, steps, month and weekday names, and the `@hourly`/`@daily`/`@weekly`/
/// `@monthly`/`@yearly` shorthands. Each field becomes the set of values it allows.
public struct CronSchedule: Sendable, Hashable, CustomStringConvertible {
    public let expression: String
    public let minutes: Set<Int>
    public let hours: Set<Int>
    public let daysOfMonth: Set<Int>
    public let months: Set<Int>
    /// 0 is Sunday; 7 is read as Sunday too.
    public let daysOfWeek: Set<Int>
    /// Cron's rule: when both day fields are restricted, a day matching either runs.
    public let dayOfMonthRestricted: Bool
    public let dayOfWeekRestricted: Bool

    public var description: String { expression }

    /// Why an expression is not a schedule, and which field is at fault.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public let description: String
    }

    private struct Field {
        let name: String
        let range: ClosedRange<Int>
        let names: [String: Int]
    }

    private static let monthNames = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ].enumerated().reduce(into: [String: Int]()) { $0[$1.element] = $1.offset + 1 }
    private static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        .enumerated().reduce(into: [String: Int]()) { $0[$1.element] = $1.offset }

    private static let fields = [
        Field(name: "minute", range: 0...59, names: [:]),
        Field(name: "hour", range: 0...23, names: [:]),
        Field(name: "day of month", range: 1...31, names: [:]),
        Field(name: "month", range: 1...12, names: monthNames),
        Field(name: "day of week", range: 0...7, names: dayNames),
    ]

    private static let shorthands = [
        "@hourly": "0 * * * *", "@daily": "0 0 * * *", "@midnight": "0 0 * * *",
        "@weekly": "0 0 * * 0", "@monthly": "0 0 1 * *", "@yearly": "0 0 1 1 *",
        "@annually": "0 0 1 1 *",
    ]

    /// Parses `expression`, naming the field and value at fault when it is not valid.
    public init(parsing expression: String) throws(ParseError) {
        self.expression = expression
        let trimmed = expression.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let expanded: String
        if trimmed.hasPrefix("@") {
            guard let known = Self.shorthands[trimmed.lowercased()] else {
                throw ParseError(
                    description: "unknown shorthand \"\(trimmed)\" (known: \(Self.shorthands.keys.sorted().joined(separator: ", ")))")
            }
            expanded = known
        } else {
            expanded = trimmed
        }
        let parts = expanded.split(separator: " ").map(String.init)
        guard parts.count == 5 else {
            throw ParseError(
                description: "expected 5 fields (minute hour day-of-month month day-of-week), found \(parts.count)")
        }
        var sets: [Set<Int>] = []
        for (part, field) in zip(parts, Self.fields) {
            sets.append(try Self.parse(part, as: field))
        }
        minutes = sets[0]
        hours = sets[1]
        daysOfMonth = sets[2]
        months = sets[3]
        daysOfWeek = Set(sets[4].map { $0 == 7 ? 0 : $0 })
        dayOfMonthRestricted = !parts[2].hasPrefix("*")
        dayOfWeekRestricted = !parts[4].hasPrefix("*")
    }

    private static func parse(_ text: String, as field: Field) throws(ParseError) -> Set<Int> {
        var values = Set<Int>()
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let stepParts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard stepParts.count <= 2 else { throw invalid(String(item), field, "more than one \"/\"") }
            var step = 1
            if stepParts.count == 2 {
                guard let parsed = Int(stepParts[1]), parsed > 0 else {
                    throw invalid(String(item), field, "step must be a positive number")
                }
                step = parsed
            }
            let base = stepParts[0]
            let bounds: ClosedRange<Int>
            if base == "*" {
                bounds = field.range
            } else if let dash = base.firstIndex(of: "-") {
                let low = try value(base[..<dash], field, item)
                let high = try value(base[base.index(after: dash)...], field, item)
                guard low <= high else { throw invalid(String(item), field, "range goes backwards") }
                bounds = low...high
            } else {
                let single = try value(base, field, item)
                bounds = single...(stepParts.count == 2 ? field.range.upperBound : single)
            }
            values.formUnion(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
        }
        return values
    }

    private static func value(_ text: Substring, _ field: Field, _ item: Substring) throws(ParseError) -> Int {
        if let named = field.names[text.lowercased()] { return named }
        guard let number = Int(text) else {
            throw invalid(String(item), field, "\"\(text)\" is not a number\(field.names.isEmpty ? "" : " or a name")")
        }
        guard field.range.contains(number) else {
            throw invalid(
                String(item), field, "\(number) is outside \(field.range.lowerBound)-\(field.range.upperBound)")
        }
        return number
    }

    private static func invalid(_ item: String, _ field: Field, _ reason: String) -> ParseError {
        ParseError(description: "\(field.name) field \"\(item)\": \(reason)")
    }
}
