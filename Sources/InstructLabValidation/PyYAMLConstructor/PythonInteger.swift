/// A Python `int` of any size, kept as its decimal digits (enough to compare values
/// and print them as Python does).
struct PythonInteger: Sendable, Hashable, CustomStringConvertible {
    let isNegative: Bool
    /// Decimal digits without leading zeros; "0" for zero.
    let digits: String

    init(_ value: Int) {
        isNegative = value < 0
        digits = String(value.magnitude)
    }

    private init(isNegative: Bool, limbs: [UInt32]) {
        // Limbs are base 10^9, least significant first.
        var text = ""
        for (index, limb) in limbs.reversed().enumerated() {
            let part = String(limb)
            text += index == 0 ? part : String(repeating: "0", count: 9 - part.count) + part
        }
        let normalized = text.drop { $0 == "0" }
        digits = normalized.isEmpty ? "0" : String(normalized)
        self.isNegative = isNegative && digits != "0"
    }

    /// PyYAML's `construct_yaml_int`: underscores dropped, then `0b` binary, `0x` hex,
    /// a leading `0` octal, `a:b:c` base 60, or decimal.
    init?(yaml11 text: String) {
        if let small = Self.plainDecimal(text) {
            self.init(small)
            return
        }
        var body = Substring(text.replacingAll("_", with: ""))
        var negative = false
        if let first = body.first, first == "-" || first == "+" {
            negative = first == "-"
            body = body.dropFirst()
        }
        if body == "0" {
            self.init(0)
            return
        }
        var limbs: [UInt32] = [0]
        func multiplyAdd(_ factor: UInt64, _ addend: UInt64) {
            var carry = addend
            for index in limbs.indices {
                let value = UInt64(limbs[index]) * factor + carry
                limbs[index] = UInt32(value % 1_000_000_000)
                carry = value / 1_000_000_000
            }
            while carry > 0 {
                limbs.append(UInt32(carry % 1_000_000_000))
                carry /= 1_000_000_000
            }
        }
        func accumulate(_ digits: Substring, radix: UInt64) -> Bool {
            guard !digits.isEmpty else { return false }
            for character in digits {
                guard let digit = character.hexDigitValue, UInt64(digit) < radix else { return false }
                multiplyAdd(radix, UInt64(digit))
            }
            return true
        }
        if body.hasPrefix("0b") {
            guard accumulate(body.dropFirst(2), radix: 2) else { return nil }
        } else if body.hasPrefix("0x") {
            guard accumulate(body.dropFirst(2), radix: 16) else { return nil }
        } else if body.hasPrefix("0") {
            guard accumulate(body.dropFirst(), radix: 8) else { return nil }
        } else if body.contains(":") {
            for part in body.split(separator: ":", omittingEmptySubsequences: false) {
                guard let value = UInt64(part) else { return nil }
                multiplyAdd(60, value)
            }
        } else {
            guard accumulate(body, radix: 10) else { return nil }
        }
        self.init(isNegative: negative, limbs: limbs)
    }

    /// The common spelling, read without big-number arithmetic: an optional sign and up
    /// to 18 decimal digits, the first not `0` (a leading `0` is octal); `nil` for
    /// anything else.
    private static func plainDecimal(_ text: String) -> Int? {
        var utf8 = text.utf8[...]
        var negative = false
        if let sign = utf8.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            utf8 = utf8.dropFirst()
        }
        guard let first = utf8.first, first != UInt8(ascii: "0") || utf8.count == 1, utf8.count <= 18 else {
            return nil
        }
        var value = 0
        for byte in utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return negative ? -value : value
    }

    /// The value when it fits an `Int`.
    var intValue: Int? {
        guard let magnitude = Int(digits) else { return nil }
        return isNegative ? -magnitude : magnitude
    }

    /// The value as a `Double`, for comparing with floats as Python does (approximately
    /// for huge values).
    var doubleValue: Double { (Double(digits) ?? .infinity) * (isNegative ? -1 : 1) }

    var description: String { (isNegative ? "-" : "") + digits }
}
