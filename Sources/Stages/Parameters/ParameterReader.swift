import StageProtocol

/// A stage param with the wrong type, out of range, or unknown.
public struct ParameterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `builtin/generate`.
    public var stage: String
    /// The param's name in `with:`.
    public var name: String
    public var reason: String

    public var description: String { "\(stage) with.\(name): \(reason)" }
}

/// Reads typed params from a stage's `with:`, remembering which names it used.
struct ParameterReader {
    let params: [String: JSONValue]
    let stage: String
    private var used: Set<String> = []

    init(params: [String: JSONValue], stage: String) {
        self.params = params
        self.stage = stage
    }

    mutating func integer(_ name: String, default value: Int, in range: ClosedRange<Int>) throws(ParameterError) -> Int {
        used.insert(name)
        guard let param = params[name] else { return value }
        let integer: Int
        switch param {
        case .integer(let found): integer = found
        case .number(let found) where found.rounded() == found && Double(Int.min) < found && found < Double(Int.max):
            integer = Int(found)
        default:
            throw ParameterError(stage: stage, name: name, reason: "expected an integer, found \(Self.describe(param))")
        }
        guard range.contains(integer) else {
            throw ParameterError(
                stage: stage, name: name,
                reason: "\(integer) is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        return integer
    }

    mutating func number(_ name: String, default value: Double, in range: ClosedRange<Double>) throws(ParameterError) -> Double {
        used.insert(name)
        guard let param = params[name] else { return value }
        let number: Double
        switch param {
        case .integer(let found): number = Double(found)
        case .number(let found): number = found
        default:
            throw ParameterError(stage: stage, name: name, reason: "expected a number, found \(Self.describe(param))")
        }
        guard range.contains(number) else {
            throw ParameterError(
                stage: stage, name: name, reason: "\(number) is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    mutating func string(_ name: String, default value: String) throws(ParameterError) -> String {
        used.insert(name)
        guard let param = params[name] else { return value }
        guard case .string(let string) = param else {
            throw ParameterError(stage: stage, name: name, reason: "expected a string, found \(Self.describe(param))")
        }
        return string
    }

    /// The integer `parameter` declares, its default when absent.
    mutating func integer(_ parameter: StageParameter) throws(ParameterError) -> Int {
        try integer(parameter.name, default: parameter.defaultInteger, in: parameter.integerRange ?? Int.min...Int.max)
    }

    /// The number `parameter` declares, its default when absent.
    mutating func number(_ parameter: StageParameter) throws(ParameterError) -> Double {
        try number(
            parameter.name, default: parameter.defaultNumber,
            in: parameter.numberRange ?? -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)
    }

    /// The text `parameter` declares, its default when absent.
    mutating func string(_ parameter: StageParameter) throws(ParameterError) -> String {
        try string(parameter.name, default: parameter.defaultString)
    }

    func rejectUnknown() throws(ParameterError) {
        if let unknown = params.keys.filter({ !used.contains($0) }).sorted().first {
            let known = used.sorted().joined(separator: ", ")
            throw ParameterError(stage: stage, name: unknown, reason: "unknown parameter (known: \(known))")
        }
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .integer(let value): "\(value)"
        case .number(let value): "\(value)"
        case .string(let value): "\"\(value)\""
        case .array: "an array"
        case .object: "an object"
        }
    }
}
