/// One parameter a built-in stage takes in `with:`: declared once, here, so that
/// `modelbuild validate` checks builds.yaml against the same names, types, defaults and
/// ranges the stage reads them with. It lives in StageProtocol because both sides depend
/// on it and neither may depend on the other: BuildConfiguration checks `with:`, Stages
/// reads its defaults.
public struct StageParameter: Sendable, Hashable {
    /// The name in `with:`.
    public var name: String
    /// The JSON shape the value must have.
    public var type: StageParameterType
    /// Used when `with:` does not give the parameter; of `type`.
    public var defaultValue: JSONValue
    /// The allowed values of an integer parameter.
    public var integerRange: ClosedRange<Int>?
    /// The allowed values of a number parameter.
    public var numberRange: ClosedRange<Double>?
    /// When not empty, the only values `with:` may give.
    public var choices: [JSONValue]
    /// What the parameter does, for a person.
    public var summary: String

    /// An integer parameter between `range`'s bounds.
    public static func integer(_ name: String, default value: Int, in range: ClosedRange<Int>, _ summary: String) -> Self {
        Self(name: name, type: .integer, defaultValue: .integer(value), integerRange: range, summary: summary)
    }

    /// A number parameter between `range`'s bounds.
    public static func number(_ name: String, default value: Double, in range: ClosedRange<Double>, _ summary: String) -> Self {
        Self(name: name, type: .number, defaultValue: .number(value), numberRange: range, summary: summary)
    }

    /// A text parameter, restricted to `choices` when they are given.
    public static func string(_ name: String, default value: String, choices: [String] = [], _ summary: String) -> Self {
        Self(name: name, type: .string, defaultValue: .string(value), choices: choices.map(JSONValue.string), summary: summary)
    }

    /// A true-or-false parameter.
    public static func boolean(_ name: String, default value: Bool, _ summary: String) -> Self {
        Self(name: name, type: .boolean, defaultValue: .bool(value), summary: summary)
    }

    /// A parameter with every part given; the static makers above read better.
    public init(
        name: String, type: StageParameterType, defaultValue: JSONValue, integerRange: ClosedRange<Int>? = nil,
        numberRange: ClosedRange<Double>? = nil, choices: [JSONValue] = [], summary: String
    ) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.integerRange = integerRange
        self.numberRange = numberRange
        self.choices = choices
        self.summary = summary
    }

    /// The default of an integer parameter.
    public var defaultInteger: Int {
        if case .integer(let value) = defaultValue { return value }
        return 0
    }

    /// The default of a number parameter.
    public var defaultNumber: Double {
        defaultValue.numberValue ?? 0
    }

    /// The default of a text parameter.
    public var defaultString: String {
        if case .string(let value) = defaultValue { return value }
        return ""
    }

    /// Why `value` is not acceptable, or nil when it is: the wrong type, outside the range,
    /// not one of the choices. An integer-valued number (`4.0`) is an integer.
    public func problem(with value: JSONValue) -> String? {
        switch (type, value) {
        case (.integer, .integer(let integer)):
            return rangeProblem(integer)
        case (.integer, .number(let number)) where number.rounded() == number && abs(number) < 9.0e15:
            return rangeProblem(Int(number))
        case (.number, .integer(let integer)):
            return rangeProblem(Double(integer))
        case (.number, .number(let number)):
            return rangeProblem(number)
        case (.string, .string), (.boolean, .bool), (.list, .array):
            break
        default:
            return "expected \(type.expectation), found \(value.kindDescription)"
        }
        if !choices.isEmpty, !choices.contains(value) {
            return "\(value.rendered) is not one of \(choices.map(\.rendered).joined(separator: ", "))"
        }
        return nil
    }

    private func rangeProblem(_ integer: Int) -> String? {
        guard let integerRange, !integerRange.contains(integer) else { return nil }
        return "\(integer) is out of range \(integerRange.lowerBound)...\(integerRange.upperBound)"
    }

    private func rangeProblem(_ number: Double) -> String? {
        guard let numberRange, !numberRange.contains(number) else { return nil }
        return "\(number) is out of range \(numberRange.lowerBound)...\(numberRange.upperBound)"
    }
}

/// The types a stage parameter can have, built-in or plugin (`plugin.yaml`'s `type:`);
/// each is one shape of JSON in `context.json`.
public enum StageParameterType: String, Sendable, Hashable, CaseIterable {
    case string, integer, number, boolean, list

    /// "a string", "an integer", …, for messages.
    public var expectation: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .number: "a number"
        case .boolean: "true or false"
        case .list: "a list"
        }
    }

    /// Whether `value` has this type. An integer is a number as well.
    public func accepts(_ value: JSONValue) -> Bool {
        switch (self, value) {
        case (.string, .string), (.integer, .integer), (.number, .integer), (.number, .number),
            (.boolean, .bool), (.list, .array):
            true
        default:
            false
        }
    }

    /// Whether `choices:` may restrict this type.
    public var takesChoices: Bool { self == .string || self == .integer || self == .number }
}

extension JSONValue {
    /// "a string", "an integer", … for messages about a value of the wrong type.
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "true or false"
        case .integer: "an integer"
        case .number: "a number"
        case .string(let text): "a string (\"\(text)\")"
        case .array: "a list"
        case .object: "a mapping"
        }
    }
}
