import YAML

/// Python's `repr()` of constructed YAML values, as jsonschema puts them in messages
/// (`'x' is not of type 'string'`, `[…] has non-unique elements`).
///
/// Output is capped: a value made huge by aliases is cut, marked with `...`.
struct PythonRepr {
    static let limit = 16_384

    private(set) var text = ""
    private var truncated = false

    static func of(_ node: Node) -> String {
        var repr = PythonRepr()
        repr.append(node, depth: 0)
        return repr.text
    }

    static func of(_ scalar: PythonScalar) -> String {
        var repr = PythonRepr()
        repr.append(scalar)
        return repr.text
    }

    private mutating func write(_ part: String) {
        guard !truncated else { return }
        if text.utf8.count + part.utf8.count > Self.limit {
            text += "..."
            truncated = true
        } else {
            text += part
        }
    }

    private mutating func append(_ node: Node, depth: Int) {
        guard !truncated else { return }
        guard depth < 100, let value = try? PythonValue.of(node) else {
            write("...")
            return
        }
        switch value {
        case .scalar(let scalar):
            append(scalar)
        case .list(let items):
            write("[")
            for (index, item) in items.enumerated() {
                if index > 0 { write(", ") }
                append(item, depth: depth + 1)
                if truncated { return }
            }
            write("]")
        case .dict(let entries):
            write("{")
            for (index, entry) in entries.enumerated() {
                if index > 0 { write(", ") }
                append(entry.key)
                write(": ")
                append(entry.value, depth: depth + 1)
                if truncated { return }
            }
            write("}")
        }
    }

    private mutating func append(_ scalar: PythonScalar) {
        switch scalar {
        case .none: write("None")
        case .bool(let value): write(value ? "True" : "False")
        case .int(let value): write(value.description)
        case .float(let value): write(Self.float(value))
        case .string(let value): write(Self.string(value))
        case .timestamp(let repr): write(repr)
        case .bytes(let bytes): write(Self.bytes(bytes))
        }
    }

    /// `repr(float)`: the shortest text that reads back the same, in Python's spelling.
    static func float(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        var text = "\(value)"
        // Swift writes 1e+16 as "1e+16" and 1e-05 as "1e-05" like Python; it writes 5e-324
        // the same way too. Only the exponent's padding can differ.
        if let e = text.firstIndex(of: "e") {
            let mantissa = text[..<e]
            var exponent = text[text.index(after: e)...]
            var sign = "+"
            if let first = exponent.first, first == "-" || first == "+" {
                sign = String(first)
                exponent = exponent.dropFirst()
            }
            let padded = exponent.count < 2 ? "0" + exponent : String(exponent)
            let cleanMantissa = mantissa.hasSuffix(".0") ? String(mantissa.dropLast(2)) : String(mantissa)
            text = "\(cleanMantissa)e\(sign)\(padded)"
        }
        return text
    }

    /// `repr(str)`: single quotes unless the text has one and no double quote;
    /// backslash escapes for quotes, `\n`, `\r`, `\t` and unprintable characters.
    static func string(_ value: String) -> String {
        let quote: Character = value.contains("'") && !value.contains("\"") ? "\"" : "'"
        var result = String(quote)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if Character(scalar) == quote {
                    result += "\\" + String(quote)
                } else if isPrintable(scalar) {
                    result.unicodeScalars.append(scalar)
                } else {
                    result += escape(scalar.value)
                }
            }
        }
        result.append(quote)
        return result
    }

    private static func escape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        if value < 0x100 { return "\\x" + String(repeating: "0", count: 2 - hex.count) + hex }
        if value < 0x10000 { return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex }
        return "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// Python's `str.isprintable()` for one character: not a control, format,
    /// surrogate, private-use, unassigned or separator character (the space excepted).
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .spaceSeparator, .lineSeparator,
            .paragraphSeparator:
            return false
        default:
            return true
        }
    }

    /// `repr(bytes)`: `b'…'` with printable ASCII kept.
    static func bytes(_ bytes: [UInt8]) -> String {
        let quote: UInt8 = bytes.contains(0x27) && !bytes.contains(0x22) ? 0x22 : 0x27
        var result = "b" + String(UnicodeScalar(quote))
        for byte in bytes {
            switch byte {
            case 0x5C: result += "\\\\"
            case 0x0A: result += "\\n"
            case 0x0D: result += "\\r"
            case 0x09: result += "\\t"
            case quote: result += "\\" + String(UnicodeScalar(quote))
            case 0x20..<0x7F: result.unicodeScalars.append(UnicodeScalar(byte))
            default: result += escape(UInt32(byte))
            }
        }
        return result + String(UnicodeScalar(quote))
    }
}
