import Foundation
import Platform

extension CronSchedule {
    /// How far ahead to look before deciding a schedule never fires (`0 0 31 2 *`).
    private static let searchDays: Int64 = 366 * 8

    /// The first instant strictly after `after` at which the schedule fires in `zone`.
    ///
    /// Cron users' rules for daylight-saving changes: a wall time that does not exist that
    /// day (in the spring gap) fires once, at the first valid minute after the gap; a wall
    /// time that happens twice (in the autumn overlap) fires once, at its first occurrence.
    public func nextFire(after: Date, in zone: ZoneInfo) -> Date? {
        let afterSecond = Int64(after.timeIntervalSince1970.rounded(.down))
        let wallMinute = CivilCalendar.floorDiv(afterSecond + Int64(zone.offset(at: afterSecond)), 60) + 1
        var day = CivilCalendar.floorDiv(wallMinute, 1440)
        var firstMinuteOfDay = wallMinute - day * 1440
        let sortedHours = hours.sorted(), sortedMinutes = minutes.sorted()
        for _ in 0..<Self.searchDays {
            let date = CivilCalendar.date(days: day)
            if months.contains(Int(date.month)), matchesDay(Int(date.day), weekday: Int(CivilCalendar.weekday(days: day))) {
                for hour in sortedHours where hour * 60 + 59 >= firstMinuteOfDay {
                    for minute in sortedMinutes where Int64(hour * 60 + minute) >= firstMinuteOfDay {
                        let wallSecond = (day * 1440 + Int64(hour * 60 + minute)) * 60
                        if let instant = Self.instant(ofWall: wallSecond, in: zone), instant > afterSecond {
                            return Date(timeIntervalSince1970: TimeInterval(instant))
                        }
                    }
                }
            }
            day += 1
            firstMinuteOfDay = 0
        }
        return nil
    }

    /// The next `count` fire times after `after`.
    public func nextFires(after: Date, count: Int, in zone: ZoneInfo) -> [Date] {
        var fires: [Date] = []
        var cursor = after
        while fires.count < count, let next = nextFire(after: cursor, in: zone) {
            fires.append(next)
            cursor = next
        }
        return fires
    }

    /// Cron's day rule: with both day fields restricted, either may match.
    private func matchesDay(_ day: Int, weekday: Int) -> Bool {
        switch (dayOfMonthRestricted, dayOfWeekRestricted) {
        case (true, true): daysOfMonth.contains(day) || daysOfWeek.contains(weekday)
        case (true, false): daysOfMonth.contains(day)
        case (false, true): daysOfWeek.contains(weekday)
        case (false, false): true
        }
    }

    /// The instant a wall-clock time happens in `zone`: its first occurrence when it
    /// happens twice, the end of the gap when it does not happen at all.
    static func instant(ofWall wall: Int64, in zone: ZoneInfo) -> Int64? {
        let rough = wall - Int64(zone.offset(at: wall))
        let offsets = Set([zone.offset(at: rough - 86_400), zone.offset(at: rough), zone.offset(at: rough + 86_400)])
        let valid = offsets.map { wall - Int64($0) }.filter { Int64(zone.offset(at: $0)) == wall - $0 }
        if let first = valid.min() { return first }
        // In a gap: the offset jumps from `before` to `after` somewhere in this window.
        guard let before = offsets.min(), let after = offsets.max(), before != after else { return nil }
        var low = wall - Int64(after), high = wall - Int64(before)
        while low < high {
            let middle = CivilCalendar.floorDiv(low + high, 2)
            if zone.offset(at: middle) == after { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
