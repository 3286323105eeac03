import Cron
import Foundation
import UseCases
import BuildConfiguration
import Testing

/// The cron rules of a scheduler, as a table: due, not due, on time or missed, and what
/// `catchup:` makes of a long gap.
@Suite struct FireDecisionTests {
    let daily = try! CronSchedule(parsing: "0 2 * * *")

    @Test func dueAtItsFireTimeAndNotBefore() {
        let last = instant("2026-11-26T02:00:00Z")
        #expect(
            FireDecision.cron(daily, in: .utc, catchup: .latest, lastSlot: last, now: instant("2026-11-27T01:59:59Z"))
                == .wait(next: instant("2026-11-27T02:00:00Z")))
        #expect(
            FireDecision.cron(daily, in: .utc, catchup: .latest, lastSlot: last, now: instant("2026-11-27T02:00:00Z"))
                == .fire(.scheduled(slot: instant("2026-11-27T02:00:00Z"))))
        #expect(
            FireDecision.cron(daily, in: .utc, catchup: .none, lastSlot: last, now: instant("2026-11-27T02:00:59Z"))
                == .fire(.scheduled(slot: instant("2026-11-27T02:00:00Z"))))
    }

    @Test func aHandledFireTimeIsNotDueAgain() {
        let slot = instant("2026-11-27T02:00:00Z")
        #expect(
            FireDecision.cron(daily, in: .utc, catchup: .latest, lastSlot: slot, now: instant("2026-11-27T02:00:30Z"))
                == .wait(next: instant("2026-11-28T02:00:00Z")))
    }

    @Test func aLongGapCatchesUpOnceWithLatest() {
        let decision = FireDecision.cron(
            daily, in: .utc, catchup: .latest, lastSlot: instant("2026-11-20T02:00:00Z"),
            now: instant("2026-11-27T09:15:00Z"))
        #expect(decision == .fire(.caughtUp(slot: instant("2026-11-27T02:00:00Z"), missed: 6)))
    }

    @Test func aLongGapIsLetGoWithNone() {
        let decision = FireDecision.cron(
            daily, in: .utc, catchup: .none, lastSlot: instant("2026-11-20T02:00:00Z"),
            now: instant("2026-11-27T09:15:00Z"))
        #expect(decision == .skipMissed(latest: instant("2026-11-27T02:00:00Z"), count: 7))
    }

    @Test func aSingleLateFireTimeCountsAsCaughtUp() {
        let decision = FireDecision.cron(
            daily, in: .utc, catchup: .latest, lastSlot: instant("2026-11-26T02:00:00Z"),
            now: instant("2026-11-27T02:05:00Z"))
        #expect(decision == .fire(.caughtUp(slot: instant("2026-11-27T02:00:00Z"), missed: 0)))
    }

    @Test func aBuildNeverSeenFiresOnlyAnOnTimeFireTime() {
        #expect(
            FireDecision.cron(daily, in: .utc, catchup: .latest, lastSlot: nil, now: instant("2026-11-27T02:00:40Z"))
                == .fire(.scheduled(slot: instant("2026-11-27T02:00:00Z"))))
        #expect(
            FireDecision.cron(daily, in: .utc, catchup: .latest, lastSlot: nil, now: instant("2026-11-27T02:01:00Z"))
                == .wait(next: instant("2026-11-28T02:00:00Z")))
    }

    @Test func yearsOfMissedMinutesMakeOneDecision() throws {
        let everyMinute = try CronSchedule(parsing: "* * * * *")
        let decision = FireDecision.cron(
            everyMinute, in: .utc, catchup: .latest, lastSlot: instant("2024-01-01T00:00:00Z"),
            now: instant("2026-11-27T09:15:30Z"))
        guard case .fire(.caughtUp(let slot, let missed)) = decision else {
            Issue.record("expected one catch-up, got \(decision)")
            return
        }
        #expect(slot == instant("2026-11-27T09:15:00Z"))
        #expect(missed == FireDecision.maximumCounted - 1)
    }

    @Test func fireTimesInAZoneAcrossTheSpringGap() throws {
        let paris = try ZoneInfo.load("Europe/Paris")
        let halfPastTwo = try CronSchedule(parsing: "30 2 * * *")
        // 2026-03-29 02:30 does not exist in Paris: it runs at 03:00 CEST (01:00 UTC).
        #expect(
            FireDecision.cron(
                halfPastTwo, in: paris, catchup: .latest, lastSlot: instant("2026-03-28T01:30:00Z"),
                now: instant("2026-03-29T01:00:10Z")) == .fire(.scheduled(slot: instant("2026-03-29T01:00:00Z"))))
    }

    @Test func mergesWithinTheQuietPeriodMakeOneBuild() {
        let trigger = OnMergeTrigger(poll: .seconds(60), quiet: .seconds(600))
        var state = BuildScheduleState()
        let start = instant("2026-11-27T10:00:00Z")
        #expect(MergeDecision.read(head: "a", at: start, trigger: trigger, state: &state) == .startingPoint(head: "a"))
        #expect(MergeDecision.read(head: "a", at: start + 60, trigger: trigger, state: &state) == .unchanged)
        #expect(
            MergeDecision.read(head: "b", at: start + 120, trigger: trigger, state: &state)
                == .settling(head: "b", until: start + 720))
        #expect(
            MergeDecision.read(head: "c", at: start + 300, trigger: trigger, state: &state)
                == .settling(head: "c", until: start + 900))
        #expect(
            MergeDecision.read(head: "c", at: start + 899, trigger: trigger, state: &state)
                == .settling(head: "c", until: start + 900))
        #expect(
            MergeDecision.read(head: "c", at: start + 900, trigger: trigger, state: &state)
                == .fire(.merged(from: "a", to: "c")))
    }
}
