import Foundation
import UseCases
import Synchronization

/// A clock the test moves by hand: `sleep(until:)` returns only when `advance(to:)` has
/// passed the deadline (or the sleeping task is cancelled). No test waits for real time.
final class ManualClock: ScheduleClock {
    private struct Sleeper {
        var deadline: Date
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Date
        var sleepers: [UUID: Sleeper] = [:]
        var cancelled: Set<UUID> = []
    }

    private let state: Mutex<State>

    init(_ now: Date) {
        state = Mutex(State(now: now))
    }

    var now: Date { state.withLock { $0.now } }

    func sleep(until deadline: Date) async throws {
        let id = UUID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let immediate: Result<Void, any Error>? = state.withLock { state in
                    if state.cancelled.remove(id) != nil { return .failure(CancellationError()) }
                    if deadline <= state.now { return .success(()) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            let sleeper = state.withLock { state in
                let sleeper = state.sleepers.removeValue(forKey: id)
                if sleeper == nil { state.cancelled.insert(id) }
                return sleeper
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock to `date` and wakes every sleeper whose deadline has come.
    func advance(to date: Date) {
        let due = state.withLock { state in
            state.now = date
            let due = state.sleepers.filter { $0.value.deadline <= date }
            for id in due.keys { state.sleepers[id] = nil }
            return due.values.map(\.continuation)
        }
        for continuation in due { continuation.resume() }
    }

    /// Moves the clock forward by `seconds`.
    func advance(by seconds: TimeInterval) {
        advance(to: now.addingTimeInterval(seconds))
    }

    /// The earliest deadline anyone sleeps until.
    var nextDeadline: Date? { state.withLock { $0.sleepers.values.map(\.deadline).min() } }

    /// Returns once someone, among other sleepers, sleeps until `deadline`; fails after
    /// 2 minutes of real time (a hang guard).
    func waitForAnySleeper(until deadline: Date) async throws {
        let giveUp = Date().addingTimeInterval(120)
        while !state.withLock({ $0.sleepers.values.contains { $0.deadline == deadline } }) {
            guard Date() < giveUp else { throw WaitTimeout(description: "nobody sleeps until \(deadline)") }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Returns once someone sleeps until `deadline` (the scheduler armed its timer);
    /// fails after 2 minutes of real time (a hang guard).
    func waitForSleeper(until deadline: Date) async throws {
        let giveUp = Date().addingTimeInterval(120)
        while nextDeadline != deadline {
            guard Date() < giveUp else {
                throw WaitTimeout(description: "nobody sleeps until \(deadline); next deadline \(String(describing: nextDeadline))")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}

/// `2026-11-27T02:00:00Z` as a date.
func instant(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.date(from: text)!
}
