/// A calendar date and time of day in UTC, to the second, on ``CivilCalendar``, for code
/// that writes timestamps by hand because `DateFormatter` costs too much.
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

    /// The fields as given; ``isValid`` says whether they name a real instant.
    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        (self.year, self.month, self.day) = (year, month, day)
        (self.hour, self.minute, self.second) = (hour, minute, second)
    }

    /// The UTC date and time `seconds` after 1970-01-01T00:00:00Z.
    public init(secondsSince1970 seconds: Int64) {
        let days = CivilCalendar.floorDiv(seconds, 86_400)
        let time = seconds - days * 86_400
        let date = CivilCalendar.date(days: days)
        self.init(
            year: Int(date.year), month: Int(date.month), day: Int(date.day),
            hour: Int(time / 3600), minute: Int(time % 3600 / 60), second: Int(time % 60))
    }

    /// Whether the month, day and time exist (a leap second, `:60`, is accepted).
    public var isValid: Bool {
        (1...12).contains(month) && day >= 1
            && day <= CivilCalendar.daysInMonth(year: Int64(year), month: Int64(month))
            && (0...23).contains(hour) && (0...59).contains(minute) && (0...60).contains(second)
    }

    /// Seconds since 1970-01-01T00:00:00Z, for fields that are ``isValid``.
    public var secondsSince1970: Int64 {
        CivilCalendar.days(year: Int64(year), month: Int64(month), day: Int64(day)) * 86_400
            + Int64(hour * 3600 + minute * 60 + second)
    }
}
