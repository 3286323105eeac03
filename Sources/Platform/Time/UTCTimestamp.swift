import Foundation

/// ISO-8601 UTC timestamps with microseconds (`2026-11-27T09:15:00.123456Z`), as the
/// journal and the store write them, and the compact form run ids start with
/// (`20261127T091500Z`).
public enum UTCTimestamp {
    /// `2026-11-27T09:15:00.123456Z`.
    public static func format(_ date: Date) -> String {
        let (seconds, microseconds) = split(date)
        return text(utcParts(seconds), separated: true, microseconds: Int(microseconds))
    }

    /// `2026-11-27T09:15:00Z`: whole seconds, the fraction dropped, as manifests and
    /// other hashed JSON write times.
    public static func wholeSeconds(_ date: Date) -> String {
        text(utcParts(split(date).seconds), separated: true, microseconds: nil)
    }

    /// `20261127T091500Z`.
    public static func compact(_ date: Date) -> String {
        text(utcParts(split(date).seconds), separated: false, microseconds: nil)
    }

    /// The three forms' text, digits written by hand: `String(format:)` cost more than the
    /// rest of a journal line, and a tenth of redrawing the index of a 10,000-stage build.
    private static func text(
        _ parts: UTCDateTime, separated: Bool,
        microseconds: Int?
    ) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(27)
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        func separator(_ character: Unicode.Scalar) {
            if separated { text.append(UInt8(ascii: character)) }
        }
        digits(parts.year, 4)
        separator("-")
        digits(parts.month, 2)
        separator("-")
        digits(parts.day, 2)
        text.append(UInt8(ascii: "T"))
        digits(parts.hour, 2)
        separator(":")
        digits(parts.minute, 2)
        separator(":")
        digits(parts.second, 2)
        if let microseconds {
            text.append(UInt8(ascii: "."))
            digits(microseconds, 6)
        }
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }

    /// `date` cut to what `format` keeps (whole microseconds), so a value that has been
    /// written and read back compares equal to the one kept in memory.
    public static func truncated(_ date: Date) -> Date {
        parse(format(date)) ?? date
    }

    /// Parses what `format` writes, and also whole seconds or fewer fraction digits; nil
    /// for a date or time that does not exist (`2026-02-30`).
    public static func parse(_ text: String) -> Date? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 20, utf8.last == UInt8(ascii: "Z"), utf8[10] == UInt8(ascii: "T")
        else { return nil }
        func number(_ range: Range<Int>) -> Int32? {
            Int32(String(decoding: utf8[range], as: UTF8.self))
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        var fraction = 0.0
        if utf8[19] == UInt8(ascii: ".") {
            let digits = utf8[20..<(utf8.count - 1)]
            guard !digits.isEmpty, let value = Double("0." + String(decoding: digits, as: UTF8.self))
            else { return nil }
            fraction = value
        } else if utf8.count != 20 {
            return nil
        }
        let parts = UTCDateTime(
            year: Int(year), month: Int(month), day: Int(day), hour: Int(hour), minute: Int(minute), second: Int(second))
        guard parts.isValid else { return nil }
        return Date(timeIntervalSince1970: Double(parts.secondsSince1970) + fraction)
    }

    private static func split(_ date: Date) -> (seconds: Int64, microseconds: Int32) {
        let total = (date.timeIntervalSince1970 * 1_000_000).rounded(.down)
        let seconds = (total / 1_000_000).rounded(.down)
        return (Int64(seconds), Int32(total - seconds * 1_000_000))
    }

    private static func utcParts(_ seconds: Int64) -> UTCDateTime {
        UTCDateTime(secondsSince1970: seconds)
    }
}
