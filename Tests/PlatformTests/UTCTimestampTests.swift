import Foundation
import Platform
import Testing

@Suite struct UTCTimestampTests {
    @Test(arguments: [
        (1_795_771_000.123456, "2026-11-27T09:16:40.123456Z"),
        (0.0, "1970-01-01T00:00:00.000000Z"),
        (951_782_400.000001, "2000-02-29T00:00:00.000001Z"),
    ])
    func formatsUTCWithMicroseconds(seconds: Double, text: String) {
        let formatted = UTCTimestamp.format(Date(timeIntervalSince1970: seconds))
        #expect(formatted == text)
        #expect(UTCTimestamp.parse(formatted).map(UTCTimestamp.format) == text)
    }

    /// The whole-second and compact forms against Foundation's formatter, over 400 years
    /// of dates a prime number of seconds apart.
    @Test func wholeSecondsAndCompactFormsAreFoundations() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.calendar = Calendar(identifier: .gregorian)
        var seconds = -2_208_988_800.0  // 1900-01-01
        while seconds < 10_413_792_000 {  // 2300-01-01
            let date = Date(timeIntervalSince1970: seconds + 0.75)
            formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'"
            #expect(UTCTimestamp.wholeSeconds(date) == formatter.string(from: date))
            formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
            #expect(UTCTimestamp.compact(date) == formatter.string(from: date))
            seconds += 86_413_331
        }
        #expect(UTCTimestamp.wholeSeconds(Date(timeIntervalSince1970: 1_795_771_000.9)) == "2026-11-27T09:16:40Z")
        #expect(UTCTimestamp.compact(Date(timeIntervalSince1970: 1_795_771_000.9)) == "20261127T091640Z")
    }
}
