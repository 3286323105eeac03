import BuildConfiguration
import Foundation

/// The on-pull-request trigger's reading of the pull requests' heads: which are due for a
/// candidate, which moved and now settle, and when to look again. Pure: no clock, no
/// files, so every case is a table entry in the tests.
public struct PullRequestDecision: Sendable, Hashable {
    /// A pull request at one head.
    public struct Head: Sendable, Hashable {
        public var number: Int
        public var head: String

        public init(number: Int, head: String) {
            self.number = number
            self.head = head
        }
    }

    /// Heads moved and quiet for the trigger's `quiet`, not tried yet and not building:
    /// build them, in this order (the longest quiet first).
    public var due: [Head] = []
    /// A head read for the first time, and when it becomes due unless it moves again.
    public struct Moved: Sendable, Hashable {
        public var head: Head
        public var quietUntil: Date

        public init(head: Head, quietUntil: Date) {
            self.head = head
            self.quietUntil = quietUntil
        }
    }

    /// Heads read for the first time at this look (and not tried yet).
    public var moved: [Moved] = []
    /// Pull requests whose ref is gone (merged or closed): forgotten.
    public var gone: [Int] = []
    /// When the next settling head becomes due; nil when none settles.
    public var nextDue: Date?

    /// Reads `heads` (number → head) at `now` into `state` (the build's pull requests) and
    /// decides. `building` are the pull requests whose candidate builds now; they are not
    /// due again until it ends.
    public static func read(
        heads: [Int: String], at now: Date, trigger: OnPullRequestTrigger,
        state: inout [String: PullRequestScheduleState], building: Set<Int>
    ) -> PullRequestDecision {
        var decision = PullRequestDecision()
        for key in state.keys.sorted() where Int(key).map({ heads[$0] == nil }) ?? true {
            state[key] = nil
            if let number = Int(key) { decision.gone.append(number) }
        }
        var due: [(since: Date, head: Head)] = []
        for (number, head) in heads.sorted(by: { $0.key < $1.key }) {
            let key = String(number)
            var entry = state[key] ?? PullRequestScheduleState(seenHead: head, seenSince: now)
            let quietUntil = { (entry: PullRequestScheduleState) in
                entry.seenSince.addingTimeInterval(trigger.quiet.timeInterval)
            }
            if state[key] == nil || entry.seenHead != head {
                entry.seenHead = head
                entry.seenSince = now
                if entry.triedHead != head {
                    decision.moved.append(Moved(head: Head(number: number, head: head), quietUntil: quietUntil(entry)))
                }
            }
            state[key] = entry
            guard entry.triedHead != head, !building.contains(number) else { continue }
            let until = quietUntil(entry)
            if now >= until {
                due.append((entry.seenSince, Head(number: number, head: head)))
            } else {
                decision.nextDue = min(decision.nextDue ?? until, until)
            }
        }
        decision.due = due.sorted { ($0.since, $0.head.number) < ($1.since, $1.head.number) }.map(\.head)
        return decision
    }
}
