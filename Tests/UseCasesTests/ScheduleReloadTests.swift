import Foundation
import UseCases
import BuildConfiguration
import TestSupport
import Testing

/// The daemon rereads builds.yaml while it runs: new schedules fire, removed builds stop,
/// the state stays, and a broken file keeps the last good schedules.
@Suite struct ScheduleReloadTests {
    @Test func aChangedBuildsYamlIsTakenBeforeTheNextFireAndOnRequest() async throws {
        try await withTemporaryDirectory { root in
            let fixture = try ScheduleFixture(
                root: root, now: instant("2026-11-27T01:59:00Z"), builds: #"  nightly: {schedule: "0 2 * * *"}"#)
            let (requests, requestReload) = AsyncStream.makeStream(of: Void.self)
            try await withRunningDaemon(try fixture.daemon(rereading: true, reloadRequests: requests)) { _, _ in
                try await fixture.clock.waitForSleeper(until: instant("2026-11-27T02:00:00Z"))
                try fixture.write(
                    builds: """
                          nightly: {schedule: "30 2 * * *"}
                          early: {schedule: "0 3 * * *"}
                        """)
                fixture.clock.advance(to: instant("2026-11-27T02:00:00Z"))
                try await fixture.events.wait("reloaded") { $0.kind.isReloaded }
                try await fixture.clock.waitForSleeper(until: instant("2026-11-27T02:30:00Z"))
                fixture.clock.advance(to: instant("2026-11-27T02:30:00Z"))
                try await fixture.events.wait("finished") { $0.kind.result != nil }

                try fixture.write(builds: #"  early: {schedule: "0 3 * * *"}"#)
                requestReload.yield()
                try await fixture.events.wait(for: 2, "reloaded") { $0.kind.isReloaded }
                try await fixture.clock.waitForSleeper(until: instant("2026-11-27T03:00:00Z"))
                fixture.clock.advance(to: instant("2026-11-27T03:00:00Z"))
                try await fixture.events.wait(for: 2, "finished") { $0.kind.result != nil }
                // Tomorrow's 03:00, not the removed nightly's 02:30.
                try await fixture.clock.waitForSleeper(until: instant("2026-11-28T03:00:00Z"))
            }
            #expect(
                fixture.events.all.filter(\.kind.isReloaded).map(\.kind) == [
                    .reloaded(builds: ["early", "nightly"], added: ["early"], removed: []),
                    .reloaded(builds: ["early"], added: [], removed: ["nightly"]),
                ])
            #expect(
                fixture.events.kinds(of: "nightly").filter(\.isFired) == [
                    .fired(.scheduled(slot: instant("2026-11-27T02:30:00Z")))
                ])
            #expect(
                fixture.events.kinds(of: "early").filter(\.isFired) == [
                    .fired(.scheduled(slot: instant("2026-11-27T03:00:00Z")))
                ])
            let state = try fixture.store.load()
            #expect(state[build: "nightly"].lastSlot == instant("2026-11-27T02:30:00Z"))
            #expect(state[build: "nightly"].lastResult?.status == .succeeded)
            #expect(state[build: "early"].lastResult?.status == .succeeded)
        }
    }

    @Test(arguments: [
        "version: 1\nbuilds: [unclosed\n",
        """
        version: 1
        model: {name: lab-model}
        stages:
          a: {run: [true], needs: [b]}
          b: {run: [true], needs: [a]}
        builds:
          nightly: {schedule: "0 2 * * *"}
        """,
    ])
    func aBrokenBuildsYamlIsReportedOnceAndTheLastGoodSchedulesKeepFiring(broken: String) async throws {
        try await withTemporaryDirectory { root in
            let fixture = try ScheduleFixture(
                root: root, now: instant("2026-11-27T01:59:00Z"), builds: #"  nightly: {schedule: "0 2 * * *"}"#)
            let (requests, requestReload) = AsyncStream.makeStream(of: Void.self)
            try await withRunningDaemon(try fixture.daemon(rereading: true, reloadRequests: requests)) { _, _ in
                try await fixture.clock.waitForSleeper(until: instant("2026-11-27T02:00:00Z"))
                try fixture.write(broken)
                requestReload.yield()
                try await fixture.events.wait("reload failed") { $0.kind.isReloadFailed }
                requestReload.yield()
                try await fixture.events.wait(for: 3, "idle") { $0.kind.isIdle }
                fixture.clock.advance(to: instant("2026-11-27T02:00:00Z"))
                try await fixture.events.wait("finished") { $0.kind.result != nil }

                try fixture.write(builds: #"  nightly: {schedule: "0 4 * * *"}"#)
                requestReload.yield()
                try await fixture.events.wait("reloaded") { $0.kind.isReloaded }
                try await fixture.clock.waitForSleeper(until: instant("2026-11-27T04:00:00Z"))
            }
            let failures = fixture.events.all.compactMap(\.kind.reloadFailure)
            #expect(failures.count == 1)
            let failure = try #require(failures.first)
            #expect(!failure.errors.isEmpty)
            #expect(failure.errors.allSatisfy { $0.hasPrefix(fixture.project.configPath + ":") })
            #expect(
                fixture.events.kinds(of: "nightly").filter(\.isFired) == [
                    .fired(.scheduled(slot: instant("2026-11-27T02:00:00Z")))
                ])
            // It fired on the last good schedule; the run itself rereads the broken file.
            let result = try #require(fixture.events.kinds(of: "nightly").last?.result)
            #expect(result.status == .error)
            #expect(result.detail?.hasPrefix("builds.yaml is not valid: ") == true)
        }
    }

    @Test func anIdleDaemonNoticesAChangeWithinTheCheckInterval() async throws {
        try await withTemporaryDirectory { root in
            let fixture = try ScheduleFixture(
                root: root, now: instant("2026-11-27T01:00:00Z"), builds: #"  nightly: {schedule: "0 2 * * *"}"#)
            let daemon = try fixture.daemon(rereading: true, configCheckInterval: .seconds(60))
            try await withRunningDaemon(daemon) { _, _ in
                try await fixture.clock.waitForAnySleeper(until: instant("2026-11-27T01:01:00Z"))
                try fixture.write(builds: #"  nightly: {schedule: "5 1 * * *"}"#)
                fixture.clock.advance(to: instant("2026-11-27T01:01:00Z"))
                try await fixture.events.wait("reloaded") { $0.kind.isReloaded }
                try await fixture.clock.waitForAnySleeper(until: instant("2026-11-27T01:05:00Z"))
                fixture.clock.advance(to: instant("2026-11-27T01:05:00Z"))
                try await fixture.events.wait("finished") { $0.kind.result != nil }
            }
            #expect(
                fixture.events.kinds(of: "nightly").filter(\.isFired) == [
                    .fired(.scheduled(slot: instant("2026-11-27T01:05:00Z")))
                ])
        }
    }
}

extension ScheduleEvent.Kind {
    var isReloaded: Bool {
        if case .reloaded = self { return true }
        return false
    }

    var reloadFailure: ScheduleConfigError? {
        if case .reloadFailed(let error) = self { return error }
        return nil
    }

    var isReloadFailed: Bool { reloadFailure != nil }
}
