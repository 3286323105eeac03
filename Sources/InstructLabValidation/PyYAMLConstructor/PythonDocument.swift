import YAML

/// Whole-document facts that depend on PyYAML's construction.
enum PythonDocument {
    /// Constructs every distinct node once, as `safe_load` does before returning, and
    /// returns the first error it would raise (an unknown tag, an impossible date, a
    /// list used as a key, a bad merge).
    static func constructionError(in root: Node) -> PythonConstructionError? {
        // Nodes reached twice through aliases share their start; line and column suffice.
        var visited: Set<Int> = []
        var stack: [Node] = [root]
        while let node = stack.popLast() {
            // Quoted and block scalars without a tag are always strings.
            if let scalar = node.scalar, scalar.tag == nil, scalar.style != .plain { continue }
            guard visited.insert(node.location.line << 32 | node.location.column).inserted else { continue }
            do {
                switch try PythonValue.of(node) {
                case .scalar: break
                case .list(let items): stack.append(contentsOf: items.reversed())
                case .dict(let entries): stack.append(contentsOf: entries.map(\.value).reversed())
                }
            } catch {
                return error
            }
        }
        return nil
    }

    /// Python's truthiness of the document: `None`, `{}`, `[]`, `''`, `0`, `0.0`,
    /// `False` and `b''` are "empty".
    static func isFalsy(_ root: Node) -> Bool {
        guard let value = try? PythonValue.of(root) else { return false }
        switch value {
        case .list(let items): return items.isEmpty
        case .dict(let entries): return entries.isEmpty
        case .scalar(let scalar):
            switch scalar {
            case .none: return true
            case .bool(let value): return !value
            case .int(let value): return value.digits == "0"
            case .float(let value): return value == 0
            case .string(let text): return text.isEmpty
            case .bytes(let bytes): return bytes.isEmpty
            case .timestamp: return false
            }
        }
    }

    /// What InstructLab takes as the schema version: `version` when an int (a bool
    /// counts, as in Python), else `int(version)`, else 1. `nil` when Python's `int()`
    /// would overflow (an infinite float), which stops InstructLab with an exception.
    static func schemaVersion(of entries: [PythonDictEntry]) -> SchemaVersion? {
        guard let node = entries.first(where: { $0.key == .string("version") })?.value,
            let value = try? PythonValue.of(node)
        else { return .number(PythonInteger(1)) }
        switch value {
        case .scalar(.int(let integer)): return .number(integer)
        case .scalar(.bool(let flag)): return .boolean(flag)
        case .scalar(.float(let float)):
            if float.isNaN { return .number(PythonInteger(1)) }
            guard float.isFinite else { return nil }
            let truncated = float.rounded(.towardZero)
            if abs(truncated) < 9e18 { return .number(PythonInteger(Int(truncated))) }
            return .number(PythonInteger(yaml11: String(format64: truncated)) ?? PythonInteger(1))
        case .scalar(.string(let text)): return .number(pythonInt(text) ?? PythonInteger(1))
        default: return .number(PythonInteger(1))
        }
    }

    /// Python's `int(str)`: surrounding whitespace, a sign, digits with single
    /// underscores between them.
    static func pythonInt(_ text: String) -> PythonInteger? {
        var body = Substring(text).drop(while: \.isWhitespace)
        while let last = body.last, last.isWhitespace { body = body.dropLast() }
        var sign = ""
        if let first = body.first, first == "-" || first == "+" {
            sign = first == "-" ? "-" : ""
            body = body.dropFirst()
        }
        let isDigit = { (character: Character) in character.isASCII && character.isNumber }
        guard let first = body.first, let last = body.last, isDigit(first), isDigit(last), !body.contains("__"),
            body.allSatisfy({ isDigit($0) || $0 == "_" })
        else { return nil }
        // Leading zeros would read as octal to the YAML 1.1 integer parser.
        let digits = body.filter(isDigit).drop { $0 == "0" }
        return PythonInteger(yaml11: sign + (digits.isEmpty ? "0" : String(digits)))
    }
}

/// The schema version InstructLab derives from a document.
enum SchemaVersion: Sendable, Hashable, CustomStringConvertible {
    case number(PythonInteger)
    /// `version: true` — an int to Python, printed `True`; there is no schema for it.
    case boolean(Bool)

    /// The version as a small number when it is one.
    var intValue: Int? {
        if case .number(let number) = self { return number.intValue }
        return nil
    }

    /// Python's `version > 1`.
    var isAboveOne: Bool {
        switch self {
        case .number(let number): !number.isNegative && number.digits != "0" && number.digits != "1"
        case .boolean: false
        }
    }

    var description: String {
        switch self {
        case .number(let number): number.description
        case .boolean(let flag): flag ? "True" : "False"
        }
    }
}

extension String {
    /// A whole-valued double written out in full decimal digits.
    init(format64 value: Double) {
        var digits = ""
        var remaining = abs(value)
        if remaining < 1 { digits = "0" }
        while remaining >= 1 {
            let digit = remaining.truncatingRemainder(dividingBy: 10)
            digits = String(Int(digit)) + digits
            remaining = (remaining - digit) / 10
        }
        self = (value < 0 ? "-" : "") + digits
    }
}
