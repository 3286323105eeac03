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

/// Reads typed params from a stage's `with:` by their declarations (`StageParameter`),
/// checking each value by the declaration's own rule — the one `modelbuild validate` checks
/// builds.yaml with — and remembering which names it used.
struct ParameterReader {
    let params: [String: JSONValue]
    let stage: String
    private var used: Set<String> = []

    init(params: [String: JSONValue], stage: String) {
        self.params = params
        self.stage = stage
    }

    /// The value given for `parameter`, checked, or its default when absent.
    private mutating func value(_ parameter: StageParameter) throws(ParameterError) -> JSONValue {
        used.insert(parameter.name)
        guard let given = params[parameter.name] else { return parameter.defaultValue }
        if let problem = parameter.problem(with: given) {
            throw ParameterError(stage: stage, name: parameter.name, reason: problem)
        }
        return given
    }

    /// The integer `parameter` declares, its default when absent.
    mutating func integer(_ parameter: StageParameter) throws(ParameterError) -> Int {
        switch try value(parameter) {
        case .integer(let integer): integer
        // `problem(with:)` let it through: a whole number within Int's range.
        case .number(let number): Int(number)
        default: parameter.defaultInteger
        }
    }

    /// The number `parameter` declares, its default when absent.
    mutating func number(_ parameter: StageParameter) throws(ParameterError) -> Double {
        try value(parameter).numberValue ?? parameter.defaultNumber
    }

    /// The text `parameter` declares, its default when absent.
    mutating func string(_ parameter: StageParameter) throws(ParameterError) -> String {
        guard case .string(let text) = try value(parameter) else { return parameter.defaultString }
        return text
    }

    func rejectUnknown() throws(ParameterError) {
        if let unknown = params.keys.filter({ !used.contains($0) }).sorted().first {
            let known = used.sorted().joined(separator: ", ")
            throw ParameterError(stage: stage, name: unknown, reason: "unknown parameter (known: \(known))")
        }
    }
}
