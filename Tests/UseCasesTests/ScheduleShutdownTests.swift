import Foundation
import UseCases
import BuildConfiguration
import TestSupport
import Testing

/// What the scheduler does with a running build when it is asked to stop.
@Suite struct ScheduleShutdownTests {
    private func started(_ root: URL) throws -> ScheduleFixture {
        try ScheduleFixture(
            root: root, now: instant("2026-11-27T10:00:30Z"), builds: #"  often: {schedule: "* * * * *"}"#, held: true)
    }

    @Test func drainLetsTheRunningBuildFinishAndStartsNothingNew() async throws {
        try await withTemporaryDirectory { root in
            let fixture = try started(root)
            try await withRunningDaemon(try fixture.daemon()) { task, shutdown in
                try await fixture.events.wait("fired") { $0.kind.isFired }
                shutdown.triggerGracefulShutdown()
                try await fixture.events.wait("draining") { $0.kind == .draining(builds: ["often"], timeout: .seconds(60)) }
                fixture.clock.advance(to: instant("2026-11-27T10:01:00Z"))
                try fixture.release()
                try await task.value
            }
            let kinds = fixture.events.kinds(of: "often")
            #expect(kinds.filter(\.isFired).count == 1)
            #expect(kinds.compactMap(\.result).map(\.status) == [.succeeded])
            #expect(fixture.events.all.last?.kind.isStopped == true)
            #expect(try fixture.store.load()[build: "often"].lastResult?.status == .succeeded)
        }
    }

    @Test func drainTimeoutCancelsTheRunningBuild() async throws {
        try await withTemporaryDirectory { root in
            let fixture = try started(root)
            try await withRunningDaemon(try fixture.daemon(drainTimeout: .seconds(120))) { task, shutdown in
                try await fixture.events.wait("fired") { $0.kind.isFired }
                shutdown.triggerGracefulShutdown()
                try await fixture.events.wait("draining") {
                    if case .draining = $0.kind { true } else { false }
                }
                fixture.clock.advance(by: 121)
                try await task.value
            }
            #expect(fixture.events.all.contains { $0.kind == .cancelling(builds: ["often"], afterDrainTimeout: true) })
            #expect(fixture.events.kinds(of: "often").compactMap(\.result).map(\.status) == [.cancelled])
            #expect(fixture.stageRuns == 0)
        }
    }

    @Test func withoutDrainTheRunningBuildIsCancelledAtOnce() async throws {
        try await withTemporaryDirectory { root in
            let fixture = try started(root)
            try await withRunningDaemon(try fixture.daemon(drain: false)) { task, shutdown in
                try await fixture.events.wait("fired") { $0.kind.isFired }
                shutdown.triggerGracefulShutdown()
                try await task.value
            }
            #expect(fixture.events.all.contains { $0.kind == .cancelling(builds: ["often"], afterDrainTimeout: false) })
            #expect(fixture.events.kinds(of: "often").compactMap(\.result).map(\.status) == [.cancelled])
            #expect(try fixture.store.load()[build: "often"].runningSince == nil)
        }
    }
}
