import YAML

/// A YAML scalar as PyYAML's `safe_load` constructs it (YAML 1.1 rules), which is what
/// InstructLab's validator sees: unquoted `yes`, `no`, `on` and `off` are booleans,
/// `0755` is octal, `1_000` is an integer, `2024-05-01` is a date, and `1e3` (no dot)
/// is a string.
enum PythonScalar: Sendable, Hashable {
    case none
    case bool(Bool)
    case int(PythonInteger)
    case float(Double)
    case string(String)
    /// `datetime.date(…)` or `datetime.datetime(…)`, by its Python `repr`.
    case timestamp(String)
    case bytes([UInt8])

    /// Why PyYAML refuses a scalar (its `safe_load` raises), located at the scalar.
    struct ConstructionError: Error, Sendable, Hashable {
        var message: String
    }

    private static let yamlTag = "tag:yaml.org,2002:"

    /// The value PyYAML builds for `scalar`.
    static func resolve(_ scalar: Scalar) throws(ConstructionError) -> PythonScalar {
        if let tag = scalar.tag, tag != "!" {
            guard tag.hasPrefix(yamlTag) else {
                throw ConstructionError(message: "could not determine a constructor for the tag '\(tag)'")
            }
            return try construct(scalar.text, as: String(tag.dropFirst(yamlTag.count)), tag: tag)
        }
        guard scalar.style == .plain, scalar.tag == nil else { return .string(scalar.text) }
        let type = implicitType(of: scalar.text)
        // Most plain scalars are text: no constructor to run, no tag to spell.
        if type == "str" { return .string(scalar.text) }
        return try construct(scalar.text, as: type, tag: yamlTag + type)
    }

    /// PyYAML's implicit resolvers for a plain scalar.
    static func implicitType(of text: String) -> String {
        // PyYAML picks resolvers by the first character; most text starts with a letter
        // no resolver wants.
        guard let first = text.utf8.first else { return "null" }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
            UInt8(ascii: "~"), UInt8(ascii: "<"), UInt8(ascii: "="):
            break
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"),
            UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "o"), UInt8(ascii: "O"):
            if text.utf8.count > 5 { return "str" }
        default:
            return "str"
        }
        switch text {
        case "", "~", "null", "Null", "NULL": return "null"
        case "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
            "on", "On", "ON", "off", "Off", "OFF":
            return "bool"
        case "<<": return "merge"
        case "=": return "value"
        default: break
        }
        let bytes = Array(text.utf8)
        if YAML11Syntax.isInteger(bytes) { return "int" }
        if YAML11Syntax.isFloat(bytes) { return "float" }
        if YAML11Syntax.timestamp(bytes) != nil { return "timestamp" }
        return "str"
    }

    private static func construct(_ text: String, as type: String, tag: String) throws(ConstructionError)
        -> PythonScalar
    {
        switch type {
        case "null": return .none
        case "str": return .string(text)
        case "bool":
            switch text.lowercased() {
            case "yes", "true", "on": return .bool(true)
            case "no", "false", "off": return .bool(false)
            default: throw ConstructionError(message: "'\(text.lowercased())' is not a boolean")
            }
        case "int":
            guard let value = PythonInteger(yaml11: text) else {
                throw ConstructionError(message: "invalid literal for int(): '\(text)'")
            }
            return .int(value)
        case "float":
            guard let value = YAML11Syntax.floatValue(text) else {
                throw ConstructionError(message: "could not convert string to float: '\(text)'")
            }
            return .float(value)
        case "timestamp":
            guard let parts = YAML11Syntax.timestamp(Array(text.utf8)) else {
                throw ConstructionError(message: "invalid timestamp '\(text)'")
            }
            return .timestamp(try parts.pythonRepr())
        case "binary":
            guard let decoded = Base64.decode(text) else {
                throw ConstructionError(message: "failed to decode base64 data")
            }
            return .bytes(decoded)
        default:
            throw ConstructionError(message: "could not determine a constructor for the tag '\(tag)'")
        }
    }
}

/// Base64 as Python's `base64.decodebytes` reads it: whitespace ignored.
enum Base64 {
    static func decode(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        var padding = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): values.append(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): values.append(byte - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): values.append(byte - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "+"): values.append(62)
            case UInt8(ascii: "/"): values.append(63)
            case UInt8(ascii: "="): padding += 1
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): continue
            default: return nil
            }
        }
        guard (values.count + padding) % 4 == 0 else { return nil }
        var output: [UInt8] = []
        var index = 0
        while index + 1 < values.count {
            let chunk = values[index..<min(index + 4, values.count)]
            let a = chunk[chunk.startIndex], b = chunk[chunk.startIndex + 1]
            output.append(a << 2 | b >> 4)
            if chunk.count > 2 { output.append(b << 4 | chunk[chunk.startIndex + 2] >> 2) }
            if chunk.count > 3 { output.append(chunk[chunk.startIndex + 2] << 6 | chunk[chunk.startIndex + 3]) }
            index += 4
        }
        return output
    }
}
