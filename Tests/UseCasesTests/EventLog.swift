import Foundation
import UseCases
import Synchronization

/// Collects a scheduler's events so a test can wait for the one it expects.
final class EventLog: Sendable {
    private let events = Mutex<[ScheduleEvent]>([])

    func record(_ event: ScheduleEvent) {
        events.withLock { $0.append(event) }
    }

    var all: [ScheduleEvent] { events.withLock { $0 } }

    /// The kinds of the events about `build`, in order.
    func kinds(of build: String) -> [ScheduleEvent.Kind] {
        all.filter { $0.build == build }.map(\.kind)
    }

    /// Returns once `condition` holds for the events so far; fails after 2 minutes of real time
    /// (a hang guard, not a timing assertion).
    func wait(until description: String, _ condition: ([ScheduleEvent]) -> Bool) async throws {
        let giveUp = Date().addingTimeInterval(120)
        while !condition(all) {
            guard Date() < giveUp else {
                throw WaitTimeout(description: "gave up waiting until \(description); events: \(all.map(\.kind))")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Waits until `count` events match `matches`.
    func wait(for count: Int = 1, _ description: String, _ matches: @escaping (ScheduleEvent) -> Bool) async throws {
        try await wait(until: "\(count)× \(description)") { $0.filter(matches).count >= count }
    }
}

struct WaitTimeout: Error, CustomStringConvertible {
    let description: String
}

extension ScheduleEvent.Kind {
    var isFired: Bool {
        if case .fired = self { return true }
        return false
    }

    var result: ScheduleResult? {
        if case .finished(let result) = self { return result }
        return nil
    }

    var isIdle: Bool {
        if case .idle = self { return true }
        return false
    }

    var isStopped: Bool {
        if case .stopped = self { return true }
        return false
    }
}
