import Foundation
import Git
import UseCases
import BuildConfiguration
import TestSupport
import Taxonomy
import Testing

/// The on-merge trigger against a real git repository advanced between polls, and
/// notifiers around real builds.
@Suite struct ScheduleTriggerTests {
    @Test func mergesCoalesceIntoOneBuildAfterTheQuietPeriod() async throws {
        try await withTemporaryDirectory { root in
            let taxonomy = try GitFixture(at: root.appendingPathComponent("taxonomy"))
            try taxonomy.write("knowledge/a/qna.yaml", "version: 3\n")
            let first = try taxonomy.commitAll("first leaf").hex
            let fixture = try ScheduleFixture(
                root: root, now: instant("2026-11-27T10:00:00Z"),
                builds: "  on-merge: {trigger: {on_merge: {poll: 1m, quiet: 5m}}}", taxonomy: taxonomy.directory.path)
            let heads = MirroredBranchHead(
                sync: TaxonomySync(
                    remoteURL: taxonomy.directory.path, branch: "main", state: TaxonomyStateLayout(root: root),
                    retry: .never))
            let minute = { (minute: Int) in instant("2026-11-27T10:\(String(format: "%02d", minute)):00Z") }
            try await withRunningDaemon(try fixture.daemon(heads: heads)) { _, _ in
                try await fixture.clock.waitForSleeper(until: minute(1))
                try taxonomy.write("knowledge/b/qna.yaml", "version: 3\n")
                let second = try taxonomy.commitAll("merge #12").hex
                fixture.clock.advance(to: minute(1))
                try await fixture.events.wait("merge seen") {
                    $0.kind == .mergeSeen(head: second, quietUntil: minute(6))
                }
                try await fixture.clock.waitForSleeper(until: minute(2))
                try taxonomy.write("knowledge/c/qna.yaml", "version: 3\n")
                let third = try taxonomy.commitAll("merge #13").hex
                fixture.clock.advance(to: minute(3))
                try await fixture.events.wait("second merge seen") {
                    $0.kind == .mergeSeen(head: third, quietUntil: minute(8))
                }
                for step in [4, 5, 6, 7] {
                    try await fixture.clock.waitForSleeper(until: minute(step))
                    fixture.clock.advance(to: minute(step))
                }
                try await fixture.clock.waitForSleeper(until: minute(8))
                #expect(fixture.events.kinds(of: "on-merge").filter(\.isFired).isEmpty)
                fixture.clock.advance(to: minute(8))
                try await fixture.events.wait("finished") { $0.kind.result != nil }
                try await fixture.clock.waitForSleeper(until: minute(9))
                fixture.clock.advance(to: minute(9))
                try await fixture.clock.waitForSleeper(until: minute(10))
                let kinds = fixture.events.kinds(of: "on-merge")
                #expect(kinds.first == .watching(head: first))
                #expect(kinds.filter(\.isFired) == [.fired(.merged(from: first, to: third))])
                #expect(try fixture.store.load()[build: "on-merge"].builtHead == third)
            }
        }
    }

    @Test func anUnreadableBranchIsLoggedAndReadAgainAtTheNextPoll() async throws {
        try await withTemporaryDirectory { root in
            let fixture = try ScheduleFixture(
                root: root, now: instant("2026-11-27T10:00:00Z"),
                builds: "  on-merge: {trigger: {on_merge: {poll: 2m}}}", taxonomy: "/nowhere")
            let heads = MirroredBranchHead(
                sync: TaxonomySync(
                    remoteURL: root.appendingPathComponent("missing").path, branch: "main",
                    state: TaxonomyStateLayout(root: root), retry: .never))
            try await withRunningDaemon(try fixture.daemon(heads: heads)) { _, _ in
                try await fixture.clock.waitForSleeper(until: instant("2026-11-27T10:02:00Z"))
                fixture.clock.advance(to: instant("2026-11-27T10:02:00Z"))
                try await fixture.events.wait(for: 2, "poll failed") {
                    if case .pollFailed = $0.kind { true } else { false }
                }
            }
        }
    }

    @Test func aFailingNotifierNeverFailsTheBuild() async throws {
        try await withTemporaryDirectory { root in
            let server = try LoopbackHTTPServer(status: 503)
            defer { server.stop() }
            let builds = """
                  nightly:
                    schedule: "0 2 * * *"
                    notify:
                      on: [success, failure]
                      command: [sh, -c, "exit 7"]
                      webhook: "\(server.url("/hook"))"
                      timeout: 10m
                """
            let fixture = try ScheduleFixture(root: root, now: instant("2026-11-27T02:00:05Z"), builds: builds)
            try await fixture.daemon(once: true).run()
            let kinds = fixture.events.kinds(of: "nightly")
            #expect(kinds.compactMap(\.result).map(\.status) == [.succeeded])
            let failures = kinds.compactMap { kind -> String? in
                if case .notifyFailed(let failure) = kind { return failure.description }
                return nil
            }
            #expect(failures == ["command sh -c exit 7: exit status 7", "webhook \(server.url("/hook")): HTTP status 503"])
            #expect(server.received.count == 1)
            #expect(try fixture.store.load()[build: "nightly"].lastResult?.status == .succeeded)
        }
    }
}
