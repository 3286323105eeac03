/// A timestamp as PyYAML's pattern splits it:
/// `YYYY-MM-DD` or `YYYY-M-D(T| +)H:MM:SS(.fraction)?( *(Z|±H(:MM)?))?`.
struct TimestampParts: Sendable, Hashable {
    var year: Int, month: Int, day: Int
    var time: (hour: Int, minute: Int, second: Int, microsecond: Int)?
    /// `nil`: naive; `0` with `isUTC`: `Z`; otherwise the offset in seconds.
    var offsetSeconds: Int?
    var isUTC = false

    static func == (lhs: TimestampParts, rhs: TimestampParts) -> Bool {
        lhs.pythonReprOrNil == rhs.pythonReprOrNil
    }

    func hash(into hasher: inout Hasher) { hasher.combine(pythonReprOrNil) }

    init?(_ bytes: [UInt8]) {
        var cursor = Cursor(bytes: bytes)
        guard let year = cursor.digits(4...4), cursor.take("-") else { return nil }
        if bytes.count == 10 {
            guard let month = cursor.digits(2...2), cursor.take("-"), let day = cursor.digits(2...2) else {
                return nil
            }
            (self.year, self.month, self.day) = (year, month, day)
            return
        }
        guard let month = cursor.digits(1...2), cursor.take("-"), let day = cursor.digits(1...2) else { return nil }
        (self.year, self.month, self.day) = (year, month, day)
        if !cursor.take("T"), !cursor.take("t") {
            guard cursor.skipBlanks() > 0 else { return nil }
        }
        guard let hour = cursor.digits(1...2), cursor.take(":"), let minute = cursor.digits(2...2),
            cursor.take(":"), let second = cursor.digits(2...2)
        else { return nil }
        var microsecond = 0
        if cursor.take(".") {
            let fraction = cursor.digitString()
            let padded = (fraction.prefix(6) + String(repeating: "0", count: max(0, 6 - fraction.count)))
            microsecond = Int(padded) ?? 0
        }
        time = (hour, minute, second, microsecond)
        _ = cursor.skipBlanks()
        if cursor.take("Z") {
            isUTC = true
            offsetSeconds = 0
        } else if let sign = cursor.sign() {
            guard let hours = cursor.digits(1...2) else { return nil }
            var minutes = 0
            if cursor.take(":") {
                guard let value = cursor.digits(2...2) else { return nil }
                minutes = value
            }
            offsetSeconds = sign * (hours * 3600 + minutes * 60)
        }
        guard cursor.atEnd else { return nil }
    }

    private var pythonReprOrNil: String? { try? pythonRepr() }

    /// `datetime.date(2024, 5, 1)` or `datetime.datetime(…)`, or the error Python raises
    /// for an impossible date or time.
    func pythonRepr() throws(PythonScalar.ConstructionError) -> String {
        guard (1...9999).contains(year) else { throw .init(message: "year \(year) is out of range") }
        guard (1...12).contains(month) else { throw .init(message: "month must be in 1..12") }
        let days = [31, isLeapYear ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard (1...days).contains(day) else { throw .init(message: "day is out of range for month") }
        guard let time else { return "datetime.date(\(year), \(month), \(day))" }
        guard (0...23).contains(time.hour) else { throw .init(message: "hour must be in 0..23") }
        guard (0...59).contains(time.minute) else { throw .init(message: "minute must be in 0..59") }
        guard (0...59).contains(time.second) else { throw .init(message: "second must be in 0..59") }
        var fields = [year, month, day, time.hour, time.minute, time.second, time.microsecond]
        if fields.last == 0 { fields.removeLast() }
        if fields.last == 0 { fields.removeLast() }
        var text = "datetime.datetime(" + fields.map(String.init).joined(separator: ", ")
        if let offsetSeconds {
            guard abs(offsetSeconds) < 86_400 else {
                throw .init(message: "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24)")
            }
            if offsetSeconds == 0 {
                text += ", tzinfo=datetime.timezone.utc"
            } else {
                let days = offsetSeconds < 0 ? -1 : 0
                let seconds = offsetSeconds - days * 86_400
                let delta = days == 0 ? "seconds=\(seconds)" : "days=\(days), seconds=\(seconds)"
                text += ", tzinfo=datetime.timezone(datetime.timedelta(\(delta)))"
            }
        }
        return text + ")"
    }

    private var isLeapYear: Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    private struct Cursor {
        let bytes: [UInt8]
        var position = 0

        var atEnd: Bool { position == bytes.count }

        mutating func take(_ character: Unicode.Scalar) -> Bool {
            guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
            position += 1
            return true
        }

        mutating func digits(_ count: ClosedRange<Int>) -> Int? {
            var value = 0, taken = 0
            while taken < count.upperBound, position < bytes.count, bytes[position] >= 0x30,
                bytes[position] <= 0x39
            {
                value = value * 10 + Int(bytes[position] - 0x30)
                position += 1
                taken += 1
            }
            return count.contains(taken) ? value : nil
        }

        mutating func digitString() -> String {
            let start = position
            while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 { position += 1 }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }

        mutating func skipBlanks() -> Int {
            let start = position
            while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
            return position - start
        }

        mutating func sign() -> Int? {
            if take("+") { return 1 }
            if take("-") { return -1 }
            return nil
        }
    }
}
