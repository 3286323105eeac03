import Foundation
import Synchronization
import Taxonomy
import TestSupport
import Testing
import UseCases

/// The on-pull-request trigger in the scheduler, against a bare repository whose pull
/// requests the test pushes to `refs/pull/<N>/head`, read with libgit2 through the
/// project's mirror, and a webhook server on 127.0.0.1. The candidates themselves are
/// recorded, not built (`CandidateTriggerTests` builds them end to end).
@Suite struct PullRequestTriggerTests {
    /// A remote with `main` and pull requests pushed from a contributors' clone.
    struct Remote {
        let work: GitFixture
        let bare: URL

        init(in root: URL) throws {
            work = try GitFixture(at: root.appendingPathComponent("work"))
            try work.write("knowledge/a/qna.yaml", "version: 3\n")
            _ = try work.commitAll("first leaf")
            bare = root.appendingPathComponent("remote.git")
            _ = try work.git("clone", "--quiet", "--bare", work.directory.path, bare.path)
        }

        /// Pushes a new head for pull request `number`; returns it.
        func push(_ number: Int, leaf: String) throws -> String {
            _ = try work.git("checkout", "--quiet", "-B", "pr-\(number)", "main")
            try work.write("knowledge/\(leaf)/qna.yaml", "version: 3\n")
            let head = try work.commitAll("change \(leaf)").hex
            _ = try work.git("push", "--quiet", "--force", bare.path, "pr-\(number):refs/pull/\(number)/head")
            _ = try work.git("checkout", "--quiet", "main")
            return head
        }
    }

    /// Records each candidate asked for; holds it until the test lets it end.
    final class RecordingCandidates: ScheduledCandidateRunner {
        private let state = Mutex<(asked: [Int], released: Set<Int>)>(([], []))

        var asked: [Int] { state.withLock { $0.asked } }

        func release(_ number: Int) { state.withLock { _ = $0.released.insert(number) } }

        func runCandidate(build: String, pullRequest: Int, clock: any ScheduleClock) async -> ScheduledCandidate {
            state.withLock { $0.asked.append(pullRequest) }
            while !state.withLock({ $0.released.contains(pullRequest) }), !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(5))
            }
            state.withLock { _ = $0.released.remove(pullRequest) }
            if Task.isCancelled { return ScheduledCandidate(result: ScheduleResult(status: .cancelled, finished: clock.now)) }
            return ScheduledCandidate(
                result: ScheduleResult(status: .succeeded, finished: clock.now, detail: "#\(pullRequest) improves", candidate: "pr-\(pullRequest)-0000000\(asked.count)"))
        }
    }

    private func daemon(
        _ fixture: ScheduleFixture, remote: Remote, candidates: any ScheduledCandidateRunner, drain: Bool = true
    ) throws -> ScheduleDaemon {
        let sync = TaxonomySync(
            remoteURL: remote.bare.path, branch: "main", state: TaxonomyStateLayout(root: fixture.root), retry: .never)
        return try fixture.daemon(
            drain: drain,
            pullRequests: MirroredPullRequestHeads(sync: sync, refs: PullRequestRefs(pattern: "refs/pull/*/head")),
            candidates: candidates)
    }

    func minute(_ minute: Int) -> Date {
        instant("2026-12-07T10:\(String(format: "%02d", minute)):00Z")
    }

    /// Moves the manual clock a minute at a time (the trigger's poll) up to `last`.
    func step(_ clock: ManualClock, from first: Int, to last: Int) async throws {
        for step in first...last {
            try await clock.waitForSleeper(until: minute(step))
            clock.advance(to: minute(step))
        }
    }

    @Test func aMovedHeadBuildsOneCandidateAfterItsQuietTimeAndIsNotRebuiltUntilItMovesAgain() async throws {
        try await withTemporaryDirectory { root in
            let remote = try Remote(in: root)
            let first = try remote.push(1, leaf: "b")
            let webhook = try LoopbackHTTPServer()
            defer { webhook.stop() }
            let fixture = try ScheduleFixture(
                root: root, now: minute(0),
                builds: """
                      nightly: {kind: nightly}
                      pull-requests:
                        kind: candidate
                        trigger: {on_pull_request: {poll: 1m, quiet: 5m, max_parallel: 2}}
                        notify: {on: [success, failure], webhook: "\(webhook.url("/pr"))"}
                    """, taxonomy: remote.bare.path)
            let candidates = RecordingCandidates()
            candidates.release(1)
            try await withRunningDaemon(try daemon(fixture, remote: remote, candidates: candidates)) { _, _ in
                try await fixture.events.wait("first head seen") {
                    $0.kind == .pullRequestMoved(number: 1, head: first, quietUntil: minute(5))
                }
                try await step(fixture.clock, from: 1, to: 4)
                try await fixture.clock.waitForSleeper(until: minute(5))
                #expect(candidates.asked.isEmpty, "built before its quiet time")
                fixture.clock.advance(to: minute(5))
                try await fixture.events.wait("candidate finished") { $0.kind.candidateNumber == 1 }
                #expect(try await eventually { webhook.received.count == 1 }, "the webhook got the report")
                let body = try #require(
                    try JSONSerialization.jsonObject(with: webhook.received[0].body) as? [String: Any])
                #expect(body["pullRequest"] as? Int == 1)
                #expect(body["candidate"] as? String == "pr-1-00000001")
                #expect(body["build"] as? String == "pull-requests" && body["status"] as? String == "succeeded")

                // Unchanged, it is not built again.
                try await step(fixture.clock, from: 6, to: 8)
                // The look at 10:08 is over (it sleeps until 10:09) before the head moves.
                try await fixture.clock.waitForSleeper(until: minute(9))
                #expect(candidates.asked == [1])
                #expect(try fixture.store.load()[build: "pull-requests"].pullRequests?["1"]?.triedHead == first)

                // Moved, it is built again once quiet.
                let second = try remote.push(1, leaf: "c")
                candidates.release(1)
                try await step(fixture.clock, from: 9, to: 9)
                try await fixture.events.wait("second head seen") {
                    $0.kind == .pullRequestMoved(number: 1, head: second, quietUntil: minute(14))
                }
                try await step(fixture.clock, from: 10, to: 14)
                try await fixture.events.wait(for: 2, "second candidate finished") { $0.kind.candidateNumber == 1 }
                #expect(candidates.asked == [1, 1])
                #expect(try await eventually { webhook.received.count == 2 }, "the second notification")
            }
            #expect(try fixture.store.load()[build: "pull-requests"].pullRequests?["1"]?.candidate == "pr-1-00000002")
        }
    }

    @Test func atMostMaxParallelCandidatesBuildAtOnce() async throws {
        try await withTemporaryDirectory { root in
            let remote = try Remote(in: root)
            for number in 1...3 { _ = try remote.push(number, leaf: "leaf\(number)") }
            let fixture = try ScheduleFixture(
                root: root, now: minute(0),
                builds: """
                      nightly: {kind: nightly}
                      pull-requests: {kind: candidate, trigger: {on_pull_request: {poll: 1m, quiet: 1m, max_parallel: 2}}}
                    """, taxonomy: remote.bare.path)
            let candidates = RecordingCandidates()
            try await withRunningDaemon(try daemon(fixture, remote: remote, candidates: candidates)) { _, _ in
                try await step(fixture.clock, from: 1, to: 1)
                #expect(try await eventually { candidates.asked.count == 2 }, "two candidates started")
                try await step(fixture.clock, from: 2, to: 3)
                #expect(candidates.asked == [1, 2])
                candidates.release(1)
                #expect(try await eventually { candidates.asked.count == 3 }, "the third started once one ended")
                #expect(candidates.asked == [1, 2, 3])
                candidates.release(2)
                candidates.release(3)
                try await fixture.events.wait(for: 3, "all finished") { $0.kind.candidateNumber != nil }
            }
        }
    }
}

/// Answers each candidate with the next of `statuses`.
final class ScriptedCandidates: ScheduledCandidateRunner {
    private let statuses: Mutex<[ScheduleResult.Status]>
    private let asked = Mutex(0)

    init(_ statuses: [ScheduleResult.Status]) {
        self.statuses = Mutex(statuses)
    }

    var count: Int { asked.withLock { $0 } }

    func runCandidate(build: String, pullRequest: Int, clock: any ScheduleClock) async -> ScheduledCandidate {
        asked.withLock { $0 += 1 }
        let status = statuses.withLock { $0.isEmpty ? .succeeded : $0.removeFirst() }
        return ScheduledCandidate(result: ScheduleResult(status: status, finished: clock.now))
    }
}

extension PullRequestTriggerTests {
    /// Waits until the loop has handled the `count`th candidate's end (it looks again,
    /// then goes idle), so the test moves the clock only after it.
    func handled(_ fixture: ScheduleFixture, candidates count: Int) async throws {
        try await fixture.events.wait(until: "candidate \(count) handled") { events in
            let ends = events.indices.filter { events[$0].kind.candidateNumber != nil }
            guard ends.count >= count else { return false }
            return events[(ends[count - 1] + 1)...].contains { $0.kind.isIdle }
        }
    }

    @Test func aBusyCandidateIsTriedAgainAfterTheQuietTimeAndAnErrorOnlyWhenTheHeadMoves() async throws {
        try await withTemporaryDirectory { root in
            let remote = try Remote(in: root)
            _ = try remote.push(1, leaf: "b")
            let fixture = try ScheduleFixture(
                root: root, now: minute(0),
                builds: """
                      nightly: {kind: nightly}
                      pull-requests: {kind: candidate, trigger: {on_pull_request: {poll: 1m, quiet: 2m}}}
                    """, taxonomy: remote.bare.path)
            let candidates = ScriptedCandidates([.busy, .error, .succeeded])
            let daemon = try self.daemon(fixture, remote: remote, candidates: candidates)
            try await withRunningDaemon(daemon) { _, _ in
                try await step(fixture.clock, from: 1, to: 2)
                try await handled(fixture, candidates: 1)
                #expect(candidates.count == 1)
                // Busy at 10:02: not at once, but once quiet again at 10:04.
                try await step(fixture.clock, from: 3, to: 3)
                try await fixture.clock.waitForSleeper(until: minute(4))
                #expect(candidates.count == 1)
                fixture.clock.advance(to: minute(4))
                try await handled(fixture, candidates: 2)
                // An error is an attempt: the same head is not tried again.
                try await step(fixture.clock, from: 5, to: 9)
                try await fixture.clock.waitForSleeper(until: minute(10))
                #expect(candidates.count == 2)
                _ = try remote.push(1, leaf: "c")
                try await step(fixture.clock, from: 10, to: 12)
                try await fixture.events.wait(for: 3, "moved head built") { $0.kind.candidateNumber == 1 }
                #expect(candidates.count == 3)
            }
        }
    }
}

extension PullRequestTriggerTests {
    @Test func aCandidateCancelledAtShutdownIsNotCountedAsTried() async throws {
        try await withTemporaryDirectory { root in
            let remote = try Remote(in: root)
            _ = try remote.push(1, leaf: "b")
            let fixture = try ScheduleFixture(
                root: root, now: minute(0),
                builds: """
                      nightly: {kind: nightly}
                      pull-requests: {kind: candidate, trigger: {on_pull_request: {poll: 1m, quiet: 1m}}}
                    """, taxonomy: remote.bare.path)
            let candidates = RecordingCandidates()
            let daemon = try self.daemon(fixture, remote: remote, candidates: candidates, drain: false)
            try await withRunningDaemon(daemon) { _, _ in
                try await step(fixture.clock, from: 1, to: 1)
                #expect(try await eventually { candidates.asked == [1] }, "the candidate started")
            }
            #expect(fixture.events.all.contains { $0.kind == .cancelling(builds: ["pull-requests#1"], afterDrainTimeout: false) })
            let entry = try #require(try fixture.store.load()[build: "pull-requests"].pullRequests?["1"])
            #expect(entry.triedHead == nil)
            #expect(try fixture.store.load()[build: "pull-requests"].lastResult?.status == .cancelled)
        }
    }
}

extension ScheduleEvent.Kind {
    /// The pull request whose candidate finished, for `.candidateFinished`.
    var candidateNumber: Int? {
        if case .candidateFinished(let number, _) = self { return number }
        return nil
    }
}
