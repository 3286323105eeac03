/// A scalar's text and how it was written. Typed views follow the YAML 1.2 core schema,
/// and only for plain (unquoted, untagged) scalars: `"42"` is a string, `42` an integer.
public struct Scalar: Sendable, Hashable {
    public enum Style: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public let text: String
    public let style: Style
    /// An explicit tag such as `!!str`, when the document gave one.
    public let tag: String?

    public init(text: String, style: Style = .plain, tag: String? = nil) {
        self.text = text
        self.style = style
        self.tag = tag
    }

    private var isPlain: Bool { style == .plain && tag == nil }

    /// `null`, `Null`, `NULL`, `~` or nothing at all.
    public var isNull: Bool {
        if tag == "tag:yaml.org,2002:null" { return true }
        return isPlain && ["", "~", "null", "Null", "NULL"].contains(text)
    }

    /// `true`/`false` in their three spellings.
    public var bool: Bool? {
        guard isPlain || tag == "tag:yaml.org,2002:bool" else { return nil }
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// Decimal, `0x` hexadecimal or `0o` octal integers, with an optional sign.
    public var integer: Int? {
        guard isPlain || tag == "tag:yaml.org,2002:int" else { return nil }
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        let magnitude: Int?
        if digits.hasPrefix("0x") {
            magnitude = Int(digits.dropFirst(2), radix: 16)
        } else if digits.hasPrefix("0o") {
            magnitude = Int(digits.dropFirst(2), radix: 8)
        } else if !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) {
            magnitude = Int(digits)
        } else {
            magnitude = nil
        }
        return magnitude.map { negative ? -$0 : $0 }
    }

    /// Integers and decimal numbers (`0.5`, `1e-3`, `.inf`, `.nan`).
    public var number: Double? {
        if let integer { return Double(integer) }
        guard isPlain || tag == "tag:yaml.org,2002:float" else { return nil }
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        let allowed = text.allSatisfy { $0.isASCIIDigit || "+-.eE".contains($0) }
        guard allowed, text.contains(where: \.isASCIIDigit) else { return nil }
        return Double(text)
    }

    /// "a string", "an integer", …, for messages.
    public var kindDescription: String {
        if isNull { return "null" }
        if bool != nil { return "a boolean" }
        if integer != nil { return "an integer" }
        if number != nil { return "a number" }
        return "a string"
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
