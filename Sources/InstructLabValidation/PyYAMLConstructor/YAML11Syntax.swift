/// PyYAML's implicit resolver patterns for integers, floats and timestamps (YAML 1.1),
/// matched by hand over UTF-8 bytes.
enum YAML11Syntax {
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static let underscore = UInt8(ascii: "_")
    private static let colon = UInt8(ascii: ":")
    private static let dot = UInt8(ascii: ".")

    private static func droppingSign(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            return bytes.dropFirst()
        }
        return bytes
    }

    /// `[0-5]?[0-9]`, the parts after the first of a sexagesimal number.
    private static func isSexagesimalPart(_ part: ArraySlice<UInt8>) -> Bool {
        switch part.count {
        case 1: return isDigit(part[part.startIndex])
        case 2:
            let first = part[part.startIndex]
            return first >= 0x30 && first <= 0x35 && isDigit(part[part.startIndex + 1])
        default: return false
        }
    }

    /// `[-+]?0b[01_]+ | [-+]?0[0-7_]+ | [-+]?(0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+ |
    /// [-+]?[1-9][0-9_]*(:[0-5]?[0-9])+`
    static func isInteger(_ bytes: [UInt8]) -> Bool {
        let body = droppingSign(bytes[...])
        guard let first = body.first else { return false }
        let rest = body.dropFirst()
        if first == UInt8(ascii: "0") {
            if rest.isEmpty { return true }
            let marker = rest[rest.startIndex]
            let digits = rest.dropFirst()
            if marker == UInt8(ascii: "b") {
                return !digits.isEmpty && digits.allSatisfy { $0 == 0x30 || $0 == 0x31 || $0 == underscore }
            }
            if marker == UInt8(ascii: "x") {
                return !digits.isEmpty && digits.allSatisfy { $0.isHexDigit || $0 == underscore }
            }
            return rest.allSatisfy { ($0 >= 0x30 && $0 <= 0x37) || $0 == underscore }
        }
        guard first >= 0x31, first <= 0x39 else { return false }
        if rest.allSatisfy({ isDigit($0) || $0 == underscore }) { return true }
        let parts = body.split(separator: colon, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].allSatisfy({ isDigit($0) || $0 == underscore }) else { return false }
        return parts.dropFirst().allSatisfy(isSexagesimalPart)
    }

    /// `[eE][-+][0-9]+` at the end, or nothing.
    private static func isExponentOrEmpty(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = bytes.first else { return true }
        guard first == UInt8(ascii: "e") || first == UInt8(ascii: "E"), bytes.count >= 3 else { return false }
        let sign = bytes[bytes.startIndex + 1]
        guard sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") else { return false }
        return bytes.dropFirst(2).allSatisfy(isDigit)
    }

    /// PyYAML's float pattern: a dot is required (`1e3` is a string), and so is the
    /// exponent's sign.
    static func isFloat(_ bytes: [UInt8]) -> Bool {
        let all = bytes[...]
        switch all {
        case _ where [".nan", ".NaN", ".NAN"].contains(where: { Array($0.utf8)[...] == all }): return true
        default: break
        }
        let body = droppingSign(all)
        if [".inf", ".Inf", ".INF"].contains(where: { Array($0.utf8)[...] == body }) { return true }
        // \.[0-9][0-9_]*(exp)?  (no sign allowed)
        if all.first == dot {
            let digits = all.dropFirst()
            guard let first = digits.first, isDigit(first) else { return false }
            let end = digits.firstIndex { !isDigit($0) && $0 != underscore } ?? digits.endIndex
            return isExponentOrEmpty(digits[end...])
        }
        guard let first = body.first, isDigit(first) else { return false }
        // [0-9][0-9_]* then either \.[0-9_]*(exp)? or (:[0-5]?[0-9])+\.[0-9_]*
        let integerEnd = body.firstIndex { !isDigit($0) && $0 != underscore } ?? body.endIndex
        var rest = body[integerEnd...]
        if rest.first == dot {
            rest = rest.dropFirst()
            let fractionEnd = rest.firstIndex { !isDigit($0) && $0 != underscore } ?? rest.endIndex
            return isExponentOrEmpty(rest[fractionEnd...])
        }
        guard rest.first == colon, let dotIndex = rest.firstIndex(of: dot) else { return false }
        let parts = rest[rest.index(after: rest.startIndex)..<dotIndex].split(
            separator: colon, omittingEmptySubsequences: false)
        guard parts.allSatisfy(isSexagesimalPart) else { return false }
        return rest[rest.index(after: dotIndex)...].allSatisfy { isDigit($0) || $0 == underscore }
    }

    /// The value of a float literal, the way PyYAML's `construct_yaml_float` computes it.
    static func floatValue(_ text: String) -> Double? {
        var value = Substring(text.replacingAll("_", with: "").lowercased())
        var sign = 1.0
        if let first = value.first, first == "-" || first == "+" {
            if first == "-" { sign = -1 }
            value = value.dropFirst()
        }
        if value == ".inf" { return sign * .infinity }
        if value == ".nan" { return .nan }
        if value.contains(":") {
            var result = 0.0, base = 1.0
            for part in value.split(separator: ":", omittingEmptySubsequences: false).reversed() {
                guard let digit = Double(part) else { return nil }
                result += digit * base
                base *= 60
            }
            return sign * result
        }
        var literal = String(value)
        if literal.hasPrefix(".") { literal = "0" + literal }
        if literal.hasSuffix(".") { literal += "0" }
        literal = literal.replacingAll(".e", with: ".0e")
        return Double(literal).map { sign * $0 }
    }

    /// The parts of a timestamp matching PyYAML's timestamp pattern.
    static func timestamp(_ bytes: [UInt8]) -> TimestampParts? {
        TimestampParts(bytes)
    }
}

extension UInt8 {
    var isHexDigit: Bool {
        (self >= 0x30 && self <= 0x39) || (self >= 0x41 && self <= 0x46) || (self >= 0x61 && self <= 0x66)
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
