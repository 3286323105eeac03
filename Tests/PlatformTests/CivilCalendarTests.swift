import Foundation
import Platform
import Testing

/// The one calendar, checked against Foundation's Gregorian calendar in UTC.
@Suite struct CivilCalendarTests {
    static var gregorian: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }

    @Test(arguments: [
        Int64(-2_208_988_800), -1, 0, 951_782_400, 951_868_799, 1_709_164_800, 1_798_675_199, 4_102_444_800,
        253_402_300_799,
    ])
    func aDateTimeAgreesWithFoundationBothWays(seconds: Int64) {
        let parts = UTCDateTime(secondsSince1970: seconds)
        let expected = Self.gregorian.dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: Double(seconds)))
        #expect(
            [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second]
                == [expected.year, expected.month, expected.day, expected.hour, expected.minute, expected.second])
        #expect(parts.isValid)
        #expect(parts.secondsSince1970 == seconds)
    }

    @Test func everyDayOfFourHundredYearsRoundTrips() {
        var days = CivilCalendar.days(year: 1900, month: 1, day: 1)
        var weekday = CivilCalendar.weekday(days: days)
        #expect(weekday == 1, "1900-01-01 was a Monday")
        for year in Int64(1900)..<2300 {
            for month in Int64(1)...12 {
                for day in 1...CivilCalendar.daysInMonth(year: year, month: month) {
                    #expect(CivilCalendar.days(year: year, month: month, day: day) == days)
                    let date = CivilCalendar.date(days: days)
                    #expect(date.year == year && date.month == month && date.day == day)
                    #expect(CivilCalendar.weekday(days: days) == weekday)
                    days += 1
                    weekday = (weekday + 1) % 7
                }
            }
        }
    }

    @Test func timestampsThatDoNotExistAreRefused() {
        #expect(UTCTimestamp.parse("2026-02-28T23:59:59Z") != nil)
        #expect(UTCTimestamp.parse("2024-02-29T00:00:00Z") != nil)
        for text in ["2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z", "2026-01-01T24:00:00Z",
            "2026-01-01T00:60:00Z", "2026-00-10T00:00:00Z"]
        {
            #expect(UTCTimestamp.parse(text) == nil, "\(text)")
        }
    }
}
