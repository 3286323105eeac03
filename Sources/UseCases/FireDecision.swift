import Cron
import Foundation
import BuildConfiguration

/// Why a scheduler starts a build.
public enum FireReason: Sendable, Hashable {
    /// Its cron fire time `slot` came.
    case scheduled(slot: Date)
    /// The scheduler was not running at `slot` (and at `missed` earlier fire times since
    /// the last one it handled); `catchup: latest` runs it once now.
    case caughtUp(slot: Date, missed: Int)
    /// The taxonomy branch moved from `from` to `to` and stayed there for the quiet period.
    case merged(from: String, to: String)
}

/// What the rules say about one build at one instant. Pure: no clock, no files, so every
/// case is a table entry in the tests.
public enum FireDecision: Sendable, Hashable {
    /// Start the build.
    case fire(FireReason)
    /// Fire times passed while no scheduler ran, and `catchup: none` lets them go.
    case skipMissed(latest: Date, count: Int)
    /// Nothing to do before `next` (nil: never, as far as the schedule goes).
    case wait(next: Date?)

    /// A fire time within this long after it counts as on time; later, it was missed.
    public static let onTimeWindow: TimeInterval = 60

    /// The cron decision for `schedule` in `zone` at `now`, given the last fire time
    /// handled (nil for a build never seen: only an on-time fire time counts then).
    /// Many missed fire times make one decision, never one per missed slot.
    public static func cron(
        _ schedule: CronSchedule, in zone: ZoneInfo, catchup: CatchupPolicy, lastSlot: Date?, now: Date
    ) -> FireDecision {
        let since = lastSlot ?? now.addingTimeInterval(-onTimeWindow)
        var latest: Date?
        var count = 0
        var cursor = since
        // Counting stops at a bound: a scheduler down for years reports "1000 or more".
        while count < maximumCounted, let next = schedule.nextFire(after: cursor, in: zone), next <= now {
            latest = next
            count += 1
            cursor = next
        }
        if count == maximumCounted, let after = latest, let newest = newestFire(schedule, zone, from: after, now: now) {
            latest = newest
        }
        guard let latest else { return .wait(next: schedule.nextFire(after: now, in: zone)) }
        let onTime = now.timeIntervalSince(latest) < onTimeWindow
        switch (catchup, onTime, count) {
        case (_, true, 1): return .fire(.scheduled(slot: latest))
        case (.latest, _, _): return .fire(.caughtUp(slot: latest, missed: count - 1))
        case (.none, true, _): return .fire(.scheduled(slot: latest))
        case (.none, false, _): return .skipMissed(latest: latest, count: count)
        }
    }

    /// The largest number of missed fire times counted one by one.
    public static let maximumCounted = 1000

    /// The newest fire time at or before `now`, found by stepping back a day at a time
    /// from `now` (for a scheduler down longer than `maximumCounted` fire times).
    private static func newestFire(_ schedule: CronSchedule, _ zone: ZoneInfo, from floor: Date, now: Date) -> Date? {
        var start = now
        while start > floor {
            start = max(floor, start.addingTimeInterval(-86_400))
            var newest: Date?
            var cursor = start
            while let next = schedule.nextFire(after: cursor, in: zone), next <= now {
                newest = next
                cursor = next
            }
            if let newest { return newest }
        }
        return nil
    }
}

/// The on-merge trigger's reading of the branch: what it saw, and what it makes of it.
public enum MergeDecision: Sendable, Hashable {
    /// The first head ever read: it becomes the starting point, nothing is built.
    case startingPoint(head: String)
    /// The head is the one last built.
    case unchanged
    /// The head moved, but the branch has not been quiet long enough; look again at `until`.
    case settling(head: String, until: Date)
    /// Build it.
    case fire(FireReason)

    /// Reads `head` at `now` into `state` (the build's entry) and decides. Several merges
    /// within the quiet period reset it each time, so they make one build.
    public static func read(
        head: String, at now: Date, trigger: OnMergeTrigger, state: inout BuildScheduleState
    ) -> MergeDecision {
        if state.seenHead != head || state.seenHeadSince == nil {
            state.seenHead = head
            state.seenHeadSince = now
        }
        guard let built = state.builtHead else {
            state.builtHead = head
            return .startingPoint(head: head)
        }
        if head == built { return .unchanged }
        let quietUntil = (state.seenHeadSince ?? now).addingTimeInterval(trigger.quiet.timeInterval)
        guard now >= quietUntil else { return .settling(head: head, until: quietUntil) }
        return .fire(.merged(from: built, to: head))
    }
}

extension Duration {
    /// The duration in seconds, as `Date` arithmetic takes it.
    var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
