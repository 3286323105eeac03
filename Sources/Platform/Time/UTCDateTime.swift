import Glibc

/// A calendar date and time of day in UTC, to the second: `gmtime_r` and `timegm`, for
/// code that writes timestamps by hand because `DateFormatter` costs too much.
public struct UTCDateTime: Sendable, Hashable {
    /// The year (2026).
    public var year: Int
    /// The month, 1–12.
    public var month: Int
    /// The day of the month, 1–31.
    public var day: Int
    /// The hour, 0–23.
    public var hour: Int
    /// The minute, 0–59.
    public var minute: Int
    /// The second, 0–60.
    public var second: Int

    /// The fields as given (not checked; `secondsSince1970` normalises them as `timegm` does).
    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        (self.year, self.month, self.day) = (year, month, day)
        (self.hour, self.minute, self.second) = (hour, minute, second)
    }

    /// The UTC date and time `seconds` after 1970-01-01T00:00:00Z.
    public init(secondsSince1970 seconds: Int64) {
        var value = time_t(seconds)
        var parts = tm()
        gmtime_r(&value, &parts)
        self.init(
            year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday),
            hour: Int(parts.tm_hour), minute: Int(parts.tm_min), second: Int(parts.tm_sec))
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    public var secondsSince1970: Int64 {
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        return Int64(timegm(&parts))
    }
}
