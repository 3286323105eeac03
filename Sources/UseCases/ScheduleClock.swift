import Foundation

/// The wall clock a scheduler reads and sleeps on. Injected, so that tests move time
/// themselves and nothing waits for real time.
public protocol ScheduleClock: Sendable {
    /// The current instant.
    var now: Date { get }
    /// Returns at `deadline` (at once when it has passed).
    /// - Throws: `CancellationError` when the calling task is cancelled first.
    func sleep(until deadline: Date) async throws
}

/// The machine's wall clock, optionally shifted: `startingAt` makes the clock read that
/// instant when it is made and then run at real speed (the testing aid behind
/// `MODELBUILD_SCHEDULE_NOW`).
public struct SystemScheduleClock: ScheduleClock {
    /// Seconds added to the machine's clock.
    public let offset: TimeInterval

    /// The machine's clock, or one that reads `start` now and runs on from there.
    public init(startingAt start: Date? = nil) {
        offset = start.map { $0.timeIntervalSinceNow } ?? 0
    }

    /// The machine's time plus `offset`.
    public var now: Date { Date().addingTimeInterval(offset) }

    /// Sleeps in one piece up to a minute at a time, rereading the clock after each, so a
    /// wall-clock jump (suspend, NTP step) delays a fire by at most a minute and an idle
    /// daemon wakes at most once a minute.
    public func sleep(until deadline: Date) async throws {
        while true {
            let remaining = deadline.timeIntervalSince(now)
            if remaining <= 0 { return }
            try await Task.sleep(for: .milliseconds(Int64(min(remaining, 60) * 1000) + 1))
        }
    }

    /// Reads the `MODELBUILD_SCHEDULE_NOW` testing aid: an ISO 8601 instant such as
    /// `2026-11-27T01:59:58Z`, or nil when unset.
    public static func startFromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ScheduleClockError) -> Date? {
        guard let text = environment[Self.nowVariable], !text.isEmpty else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        throw ScheduleClockError(
            description: "\(Self.nowVariable)=\(text) is not an ISO 8601 instant such as 2026-11-27T01:59:58Z")
    }

    /// The environment variable that sets the scheduler's clock, for tests and dry runs.
    public static let nowVariable = "MODELBUILD_SCHEDULE_NOW"
}

/// `MODELBUILD_SCHEDULE_NOW` holds something that is not an instant.
public struct ScheduleClockError: Error, Sendable, CustomStringConvertible {
    public let description: String
}
