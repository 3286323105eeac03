import Platform

/// A POSIX TZ rule such as `CET-1CEST,M3.5.0,M10.5.0/3`: the standard and daylight offsets
/// and when daylight time starts and ends each year. TZif files end with one, for instants
/// past their last listed transition.
struct PosixTimeZoneRule: Sendable, Hashable {
    /// A day of the year a change happens on.
    enum Day: Sendable, Hashable {
        /// `Mm.w.d`: weekday `d` (0 Sunday) of week `w` (5 = last) of month `m`.
        case monthWeekDay(month: Int64, week: Int64, weekday: Int64)
        /// `Jn`: day 1–365, February 29 never counted.
        case julianNoLeap(Int64)
        /// `n`: day 0–365, February 29 counted.
        case zeroBased(Int64)
    }

    struct Change: Sendable, Hashable {
        let day: Day
        /// Local time of day of the change, in seconds (may be negative or past 24 h).
        let time: Int64
    }

    /// Seconds east of UTC.
    let standardOffset: Int32
    let daylightOffset: Int32?
    let start: Change?
    let end: Change?

    /// Parses a rule; nil when it is not one this reader understands.
    init?(_ text: String) {
        var scanner = RuleScanner(text)
        guard scanner.skipName(), let standard = scanner.offset() else { return nil }
        standardOffset = Int32(-standard)
        guard !scanner.atEnd else {
            daylightOffset = nil
            start = nil
            end = nil
            return
        }
        guard scanner.skipName() else { return nil }
        let daylight = scanner.peekIsOffsetStart ? scanner.offset() : standard - 3600
        guard let daylight else { return nil }
        daylightOffset = Int32(-daylight)
        guard scanner.take(","), let start = scanner.change(), scanner.take(","), let end = scanner.change(),
            scanner.atEnd
        else { return nil }
        self.start = start
        self.end = end
    }

    /// The offset in force at `instant`.
    func offset(at instant: Int64) -> Int32 {
        guard let daylightOffset, let start, let end else { return standardOffset }
        let localYear = CivilCalendar.date(days: CivilCalendar.floorDiv(instant + Int64(standardOffset), 86_400)).year
        let startsAt = instantOf(start, year: localYear, offsetBefore: standardOffset)
        let endsAt = instantOf(end, year: localYear, offsetBefore: daylightOffset)
        let isDaylight =
            startsAt < endsAt
            ? (instant >= startsAt && instant < endsAt)
            : (instant < endsAt || instant >= startsAt)
        return isDaylight ? daylightOffset : standardOffset
    }

    private func instantOf(_ change: Change, year: Int64, offsetBefore: Int32) -> Int64 {
        let days: Int64
        switch change.day {
        case .monthWeekDay(let month, let week, let weekday):
            let first = CivilCalendar.days(year: year, month: month, day: 1)
            let firstMatch = first + CivilCalendar.floorMod(weekday - CivilCalendar.weekday(days: first), 7)
            var day = firstMatch + (week - 1) * 7
            let length = CivilCalendar.daysInMonth(year: year, month: month)
            while day >= first + length { day -= 7 }
            days = day
        case .julianNoLeap(let n):
            let leapShift: Int64 = CivilCalendar.isLeapYear(year) && n >= 60 ? 1 : 0
            days = CivilCalendar.days(year: year, month: 1, day: 1) + n - 1 + leapShift
        case .zeroBased(let n):
            days = CivilCalendar.days(year: year, month: 1, day: 1) + n
        }
        return days * 86_400 + change.time - Int64(offsetBefore)
    }
}

/// Reads the pieces of a POSIX TZ rule, left to right.
private struct RuleScanner {
    private let characters: [Character]
    private var index = 0

    init(_ text: String) {
        characters = Array(text)
    }

    var atEnd: Bool { index == characters.count }

    var peekIsOffsetStart: Bool {
        guard !atEnd else { return false }
        return characters[index] == "+" || characters[index] == "-" || characters[index].isNumber
    }

    mutating func take(_ character: Character) -> Bool {
        guard !atEnd, characters[index] == character else { return false }
        index += 1
        return true
    }

    /// A zone abbreviation: `CET`, or `<+0330>` quoted.
    mutating func skipName() -> Bool {
        if take("<") {
            while !atEnd, characters[index] != ">" { index += 1 }
            return take(">")
        }
        let start = index
        while !atEnd, characters[index].isLetter { index += 1 }
        return index - start >= 3
    }

    private mutating func number() -> Int64? {
        let start = index
        while !atEnd, characters[index].isNumber { index += 1 }
        return index > start ? Int64(String(characters[start..<index])) : nil
    }

    /// `[+-]hh[:mm[:ss]]` in seconds, as written (west of UTC positive).
    mutating func offset() -> Int64? {
        var sign: Int64 = 1
        if take("-") { sign = -1 } else { _ = take("+") }
        guard let hours = number() else { return nil }
        var seconds = hours * 3600
        if take(":") {
            guard let minutes = number() else { return nil }
            seconds += minutes * 60
            if take(":") {
                guard let secs = number() else { return nil }
                seconds += secs
            }
        }
        return sign * seconds
    }

    mutating func change() -> PosixTimeZoneRule.Change? {
        let day: PosixTimeZoneRule.Day
        if take("M") {
            guard let month = number(), take("."), let week = number(), take("."), let weekday = number(),
                (1...12).contains(month), (1...5).contains(week), (0...6).contains(weekday)
            else { return nil }
            day = .monthWeekDay(month: month, week: week, weekday: weekday)
        } else if take("J") {
            guard let n = number(), (1...365).contains(n) else { return nil }
            day = .julianNoLeap(n)
        } else {
            guard let n = number(), (0...365).contains(n) else { return nil }
            day = .zeroBased(n)
        }
        var time: Int64 = 7200
        if take("/") {
            guard let parsed = offset() else { return nil }
            time = parsed
        }
        return PosixTimeZoneRule.Change(day: day, time: time)
    }
}
