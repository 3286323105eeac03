import Foundation
import Testing
import ExecutorTestKit
@testable import Runner

@Suite struct JournalTimestampTests {
    @Test(arguments: [
        (1_795_771_000.123456, "2026-11-27T09:16:40.123456Z"),
        (0.0, "1970-01-01T00:00:00.000000Z"),
        (951_782_400.000001, "2000-02-29T00:00:00.000001Z"),
    ])
    func formatsUTCWithMicroseconds(seconds: Double, text: String) {
        let formatted = JournalTimestamp.format(Date(timeIntervalSince1970: seconds))
        #expect(formatted == text)
        #expect(JournalTimestamp.parse(formatted).map(JournalTimestamp.format) == text)
    }
}
