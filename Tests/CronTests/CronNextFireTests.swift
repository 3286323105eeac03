import Foundation
import Testing
@testable import Cron

/// Next-fire times against a table, with the clock given: no test waits for real time.
@Suite struct CronNextFireTests {
    static func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)!
    }

    func fires(_ expression: String, after: String, count: Int, zone: String = "UTC") throws -> [String] {
        let schedule = try CronSchedule(parsing: expression)
        let info = try ZoneInfo.load(zone)
        let utc = ISO8601DateFormatter()
        utc.formatOptions = [.withInternetDateTime]
        return schedule.nextFires(after: Self.date(after), count: count, in: info).map { utc.string(from: $0) }
    }

    @Test(arguments: [
        // Every field type.
        ("0 2 * * *", "2026-11-27T01:59:59Z", ["2026-11-27T02:00:00Z", "2026-11-28T02:00:00Z"]),
        ("0 2 * * *", "2026-11-27T02:00:00Z", ["2026-11-28T02:00:00Z", "2026-11-29T02:00:00Z"]),
        ("*/20 9-10 * * *", "2026-11-27T09:30:00Z", ["2026-11-27T09:40:00Z", "2026-11-27T10:00:00Z"]),
        ("15,45 * * * *", "2026-11-27T23:50:00Z", ["2026-11-28T00:15:00Z", "2026-11-28T00:45:00Z"]),
        ("0 0 * * mon-fri", "2026-11-27T12:00:00Z", ["2026-11-30T00:00:00Z", "2026-12-01T00:00:00Z"]),
        ("0 12 1 jan,jul *", "2026-11-27T00:00:00Z", ["2027-01-01T12:00:00Z", "2027-07-01T12:00:00Z"]),
        ("@weekly", "2026-11-27T00:00:00Z", ["2026-11-29T00:00:00Z", "2026-12-06T00:00:00Z"]),
        // Day-of-month OR day-of-week when both are restricted.
        ("0 0 13 * 5", "2026-11-26T00:00:00Z", ["2026-11-27T00:00:00Z", "2026-12-04T00:00:00Z"]),
        // Month ends and leap days.
        ("0 0 31 * *", "2026-11-27T00:00:00Z", ["2026-12-31T00:00:00Z", "2027-01-31T00:00:00Z"]),
        ("0 0 29 2 *", "2026-11-27T00:00:00Z", ["2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"]),
        ("59 23 28-29 2 *", "2027-02-28T23:59:00Z", ["2028-02-28T23:59:00Z", "2028-02-29T23:59:00Z"]),
    ])
    func utcTable(expression: String, after: String, expected: [String]) throws {
        #expect(try fires(expression, after: after, count: expected.count) == expected)
    }

    @Test func neverFiringScheduleEnds() throws {
        let schedule = try CronSchedule(parsing: "0 0 31 2 *")
        #expect(schedule.nextFire(after: Self.date("2026-01-01T00:00:00Z"), in: .utc) == nil)
    }

    @Test func namedZone() throws {
        // 02:00 in Paris is 01:00 UTC in winter (CET) and 00:00 UTC in summer (CEST).
        #expect(
            try fires("0 2 * * *", after: "2026-11-27T00:00:00Z", count: 1, zone: "Europe/Paris")
                == ["2026-11-27T01:00:00Z"])
        #expect(
            try fires("0 2 * * *", after: "2026-07-01T00:00:00Z", count: 1, zone: "Europe/Paris")
                == ["2026-07-02T00:00:00Z"])
    }

    @Test func springGapRunsOnceAtTheNextValidMinute() throws {
        // New York skips 02:00–03:00 on 2026-03-08; 02:30 does not exist that day.
        #expect(
            try fires("30 2 * * *", after: "2026-03-07T12:00:00Z", count: 3, zone: "America/New_York") == [
                "2026-03-08T07:00:00Z",  // 03:00 EDT, the first valid minute after the gap
                "2026-03-09T06:30:00Z",  // 02:30 EDT
                "2026-03-10T06:30:00Z",
            ])
        // Every quarter hour of the missing hour collapses into a single fire at 03:00.
        #expect(
            try fires("*/15 2-3 8 3 *", after: "2026-03-08T06:00:00Z", count: 5, zone: "America/New_York") == [
                "2026-03-08T07:00:00Z", "2026-03-08T07:15:00Z", "2026-03-08T07:30:00Z", "2026-03-08T07:45:00Z",
                "2027-03-08T07:00:00Z",
            ])
    }

    @Test func autumnOverlapRunsOnce() throws {
        // New York repeats 01:00–02:00 on 2026-11-01 (EDT, then EST).
        #expect(
            try fires("30 1 * * *", after: "2026-10-31T12:00:00Z", count: 2, zone: "America/New_York") == [
                "2026-11-01T05:30:00Z",  // 01:30 EDT, the first occurrence only
                "2026-11-02T06:30:00Z",  // 01:30 EST
            ])
        // Asked from inside the repeated hour, the time already had its fire.
        #expect(
            try fires("30 1 * * *", after: "2026-11-01T06:10:00Z", count: 1, zone: "America/New_York")
                == ["2026-11-02T06:30:00Z"])
    }

    @Test func rulesBeyondTheLastTransitionFollowTheFooter() throws {
        // Far in the future, past any listed transition, the POSIX rule decides.
        #expect(
            try fires("0 12 1 7 *", after: "2090-01-01T00:00:00Z", count: 1, zone: "Europe/Paris")
                == ["2090-07-01T10:00:00Z"])
        #expect(
            try fires("0 12 1 1 *", after: "2090-06-01T00:00:00Z", count: 1, zone: "Australia/Sydney")
                == ["2091-01-01T01:00:00Z"])
    }

    @Test func posixRules() throws {
        let rule = try #require(PosixTimeZoneRule("EST5EDT,M3.2.0,M11.1.0"))
        #expect(rule.standardOffset == -18000)
        #expect(rule.daylightOffset == -14400)
        let summer = Int64(Self.date("2030-07-01T00:00:00Z").timeIntervalSince1970)
        #expect(rule.offset(at: summer) == -14400)
        #expect(PosixTimeZoneRule("<+0330>-3:30")?.standardOffset == 12600)
        #expect(PosixTimeZoneRule("nonsense,") == nil)
    }

    @Test func unknownZonesAreRefused() {
        #expect(throws: ZoneInfo.LoadError.self) { try ZoneInfo.load("Mars/Olympus") }
        #expect(throws: ZoneInfo.LoadError.self) { try ZoneInfo.load("../../etc/passwd") }
    }
}
