import Foundation
import UseCases
import BuildConfiguration
import TestSupport
import Testing

/// The scheduler end to end in one process: real builds of a small project, a manual
/// clock, graceful shutdown as ServiceGroup delivers it.
@Suite struct ScheduleDaemonTests {
    @Test func firesAtItsFireTimeAndSleepsUntilTheNext() async throws {
        try await withTemporaryDirectory { root in
            let fixture = try ScheduleFixture(
                root: root, now: instant("2026-11-27T01:59:00Z"), builds: #"  nightly: {schedule: "0 2 * * *"}"#)
            try await withRunningDaemon(try fixture.daemon()) { _, _ in
                try await fixture.clock.waitForSleeper(until: instant("2026-11-27T02:00:00Z"))
                #expect(fixture.stageRuns == 0)
                fixture.clock.advance(to: instant("2026-11-27T02:00:00Z"))
                try await fixture.events.wait("finished") { $0.kind.result != nil }
                try await fixture.events.wait(for: 2, "idle") { $0.kind.isIdle }
                try await fixture.clock.waitForSleeper(until: instant("2026-11-28T02:00:00Z"))
            }
            #expect(
                fixture.events.kinds(of: "nightly").prefix(2) == [
                    .fired(.scheduled(slot: instant("2026-11-27T02:00:00Z"))),
                    .finished(try #require(fixture.events.kinds(of: "nightly").last?.result)),
                ])
            #expect(fixture.events.kinds(of: "nightly").last?.result?.status == .succeeded)
            #expect(fixture.stageRuns == 1)
            let state = try fixture.store.load()[build: "nightly"]
            #expect(state.lastSlot == instant("2026-11-27T02:00:00Z"))
            #expect(state.lastResult?.status == .succeeded)
            #expect(state.runningSince == nil)
        }
    }

    @Test(arguments: [CatchupPolicy.latest, .none])
    func afterARestartMissedFireTimesRunOnceOrNotAtAll(catchup: CatchupPolicy) async throws {
        try await withTemporaryDirectory { root in
            let builds = "  nightly: {schedule: \"0 2 * * *\", catchup: \(catchup.rawValue)}"
            let before = try ScheduleFixture(root: root, now: instant("2026-11-27T02:00:10Z"), builds: builds)
            try await withRunningDaemon(try before.daemon()) { _, _ in
                try await before.events.wait("finished") { $0.kind.result != nil }
            }
            // Down for four nights; restarted at 09:00 on the fourth day.
            let after = try ScheduleFixture(root: root, now: instant("2026-12-01T09:00:00Z"), builds: builds)
            try await after.waitUntilUnlocked()
            try await withRunningDaemon(try after.daemon()) { _, _ in
                try await after.events.wait("idle") { $0.kind.isIdle }
            }
            let kinds = after.events.kinds(of: "nightly")
            switch catchup {
            case .latest:
                #expect(kinds.first == .fired(.caughtUp(slot: instant("2026-12-01T02:00:00Z"), missed: 3)))
                #expect(kinds.filter(\.isFired).count == 1)
            case .none:
                #expect(kinds == [.skippedMissed(latest: instant("2026-12-01T02:00:00Z"), count: 4)])
            }
            #expect(try after.store.load()[build: "nightly"].lastSlot == instant("2026-12-01T02:00:00Z"))
        }
    }

    @Test func aSecondSchedulerOnTheSameStateIsRefused() async throws {
        try await withTemporaryDirectory { root in
            let fixture = try ScheduleFixture(
                root: root, now: instant("2026-11-27T01:00:00Z"), builds: #"  nightly: {schedule: "0 2 * * *"}"#)
            try await withRunningDaemon(try fixture.daemon()) { _, _ in
                try await fixture.events.wait("idle") { $0.kind.isIdle }
                let error = try await #require(throws: ScheduleStateError.self) { try await fixture.daemon().run() }
                #expect(error.description.contains("another modelbuild scheduler (pid \(getpid()) on "))
                #expect(error.description.hasPrefix(fixture.store.directory + ": "))
                #expect(fixture.store.lockHolder() != nil)
            }
            #expect(fixture.store.lockHolder() == nil)
        }
    }

    @Test func forbidSkipsWhileThePreviousRunGoes() async throws {
        try await withTemporaryDirectory { root in
            let fixture = try ScheduleFixture(
                root: root, now: instant("2026-11-27T10:00:30Z"), builds: #"  often: {schedule: "* * * * *"}"#,
                held: true)
            try await withRunningDaemon(try fixture.daemon()) { _, _ in
                try await fixture.events.wait("fired") { $0.kind.isFired }
                fixture.clock.advance(to: instant("2026-11-27T10:01:00Z"))
                try await fixture.events.wait("skipped") {
                    $0.kind == .skippedStillRunning(.scheduled(slot: instant("2026-11-27T10:01:00Z")))
                }
                try fixture.release()
                try await fixture.events.wait("finished") { $0.kind.result != nil }
            }
            #expect(fixture.events.kinds(of: "often").filter(\.isFired).count == 1)
            #expect(fixture.stageRuns == 1)
        }
    }

    @Test func queueRunsOnceMoreAfterThePreviousRunCoalescingDueRuns() async throws {
        try await withTemporaryDirectory { root in
            let fixture = try ScheduleFixture(
                root: root, now: instant("2026-11-27T10:00:30Z"),
                builds: #"  often: {schedule: "* * * * *", concurrency: queue}"#, held: true)
            try await withRunningDaemon(try fixture.daemon()) { _, _ in
                try await fixture.events.wait("fired") { $0.kind.isFired }
                fixture.clock.advance(to: instant("2026-11-27T10:01:00Z"))
                try await fixture.events.wait("queued") {
                    $0.kind == .queued(.scheduled(slot: instant("2026-11-27T10:01:00Z")), coalesced: false)
                }
                fixture.clock.advance(to: instant("2026-11-27T10:02:00Z"))
                try await fixture.events.wait("coalesced") {
                    $0.kind == .queued(.scheduled(slot: instant("2026-11-27T10:02:00Z")), coalesced: true)
                }
                try fixture.release()
                try await fixture.events.wait(for: 2, "finished") { $0.kind.result != nil }
            }
            let kinds = fixture.events.kinds(of: "often")
            #expect(kinds.filter(\.isFired).count == 2)
            #expect(kinds.compactMap(\.result).map(\.status) == [.succeeded, .succeeded])
        }
    }

    @Test func replaceCancelsThePreviousRunAndStartsAgain() async throws {
        try await withTemporaryDirectory { root in
            let fixture = try ScheduleFixture(
                root: root, now: instant("2026-11-27T10:00:30Z"),
                builds: #"  often: {schedule: "* * * * *", concurrency: replace}"#, held: true)
            try await withRunningDaemon(try fixture.daemon()) { _, _ in
                try await fixture.events.wait("fired") { $0.kind.isFired }
                fixture.clock.advance(to: instant("2026-11-27T10:01:00Z"))
                try await fixture.events.wait(for: 2, "fired") { $0.kind.isFired }
                try fixture.release()
                try await fixture.events.wait(for: 2, "finished") { $0.kind.result != nil }
            }
            let kinds = fixture.events.kinds(of: "often")
            #expect(kinds.contains { if case .replacing = $0 { true } else { false } })
            #expect(kinds.compactMap(\.result).map(\.status) == [.cancelled, .succeeded])
            #expect(fixture.stageRuns == 1)
        }
    }

    @Test func onceFiresWhatIsDueAndReturns() async throws {
        try await withTemporaryDirectory { root in
            let builds = """
                  nightly: {schedule: "0 2 * * *"}
                  weekly: {schedule: "@weekly"}
                """
            let fixture = try ScheduleFixture(root: root, now: instant("2026-11-27T02:00:20Z"), builds: builds)
            try await fixture.daemon(once: true).run()
            #expect(fixture.events.kinds(of: "nightly").first == .fired(.scheduled(slot: instant("2026-11-27T02:00:00Z"))))
            #expect(fixture.events.kinds(of: "nightly").last?.result?.status == .succeeded)
            #expect(fixture.events.kinds(of: "weekly").isEmpty)
            let again = try ScheduleFixture(root: root, now: instant("2026-11-27T02:00:40Z"), builds: builds)
            try await again.waitUntilUnlocked()
            try await again.daemon(once: true).run()
            #expect(again.events.all.filter { $0.kind.isFired }.isEmpty)
            #expect(again.events.all.last?.kind.isStopped == true)
        }
    }
}
