/// A JSON value whose object members keep the order they were given, written by one
/// small serialiser, so that the bytes a stage writes are a pure function of the value:
/// no dependence on dictionary order, on Foundation's number formatting, or on the platform.
///
/// Numbers: integers as decimal digits; doubles with Swift's shortest round-trip
/// `description` (Swift's own algorithm, identical on every platform); NaN and infinities,
/// which JSON cannot carry, are written as `null`. Strings: UTF-8, with `"`, `\` and the
/// C0 control characters escaped; nothing else is escaped.
enum CanonicalJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([CanonicalJSON])
    case object([Member])

    /// One `"key": value` member of an object, in writing order.
    struct Member: Sendable, Equatable {
        var key: String
        var value: CanonicalJSON

        init(_ key: String, _ value: CanonicalJSON) {
            self.key = key
            self.value = value
        }
    }

    /// The value as compact JSON text (no insignificant whitespace).
    var bytes: [UInt8] {
        var output: [UInt8] = []
        write(into: &output)
        return output
    }

    /// The value as JSON text indented by two spaces, ending in a newline: for files people read.
    var prettyBytes: [UInt8] {
        var output: [UInt8] = []
        writePretty(into: &output, depth: 0)
        output.append(UInt8(ascii: "\n"))
        return output
    }

    func write(into output: inout [UInt8]) {
        switch self {
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                element.write(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.writeString(member.key, into: &output)
                output.append(UInt8(ascii: ":"))
                member.value.write(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        default:
            writeScalar(into: &output)
        }
    }

    private func writePretty(into output: inout [UInt8], depth: Int) {
        func indent(_ level: Int) { output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level)) }
        switch self {
        case .array(let elements) where !elements.isEmpty:
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                output.append(contentsOf: index > 0 ? Array(",\n".utf8) : Array("\n".utf8))
                indent(depth + 1)
                element.writePretty(into: &output, depth: depth + 1)
            }
            output.append(UInt8(ascii: "\n"))
            indent(depth)
            output.append(UInt8(ascii: "]"))
        case .object(let members) where !members.isEmpty:
            output.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                output.append(contentsOf: index > 0 ? Array(",\n".utf8) : Array("\n".utf8))
                indent(depth + 1)
                Self.writeString(member.key, into: &output)
                output.append(contentsOf: Array(": ".utf8))
                member.value.writePretty(into: &output, depth: depth + 1)
            }
            output.append(UInt8(ascii: "\n"))
            indent(depth)
            output.append(UInt8(ascii: "}"))
        default:
            write(into: &output)
        }
    }

    private func writeScalar(into output: inout [UInt8]) {
        switch self {
        case .null: output.append(contentsOf: Array("null".utf8))
        case .bool(let value): output.append(contentsOf: Array((value ? "true" : "false").utf8))
        case .integer(let value): output.append(contentsOf: Array(String(value).utf8))
        case .number(let value):
            output.append(contentsOf: Array((value.isFinite ? value.description : "null").utf8))
        case .string(let value): Self.writeString(value, into: &output)
        case .array, .object: write(into: &output)
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func writeString(_ string: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                output.append(contentsOf: Array("\\u00".utf8))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}

extension CanonicalJSON {
    /// A string value, or `null` when absent.
    static func optional(_ value: String?) -> CanonicalJSON {
        value.map(CanonicalJSON.string) ?? .null
    }
}
