import Foundation
import ExecutorTestKit
import Runner
import Testing
import TestSupport

@Suite struct SchedulerRetryTests {
    @Test(arguments: [
        AttemptOutcome.failed(exitStatus: 1), .signalled(15), .timedOut, .lost(reason: "node down", retryable: true),
    ])
    func retryableOutcomesAreRetriedUntilSuccess(failure: AttemptOutcome) async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            let job = makeJob("train", retry: RetryPolicy(attempts: 3, backoff: .milliseconds(1)))
            let executor = DryRunExecutor(scripts: ["train": .init(outcomes: [failure, failure, .succeeded])])
            let outcome = try await fixture.run([job], executor: executor)
            let train = try #require(outcome.summary[job: "train"])
            #expect(train.state == .succeeded)
            #expect(train.attempts.map(\.number) == [1, 2, 3])
            #expect(train.attempts.map(\.outcome) == [failure, failure, .succeeded])
            // Each attempt has its own context; the failed ones keep theirs for debugging,
            // the succeeded one's is removed once its outputs are stored.
            #expect(FileManager.default.fileExists(atPath: outcome.run.contextFile(stage: "train", attempt: 2)))
            #expect(!FileManager.default.fileExists(atPath: outcome.run.contextFile(stage: "train", attempt: 3)))
        }
    }

    @Test(arguments: [AttemptOutcome.lost(reason: "bad config", retryable: false), .cancelled])
    func otherOutcomesAreNotRetried(failure: AttemptOutcome) async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            let job = makeJob("train", retry: RetryPolicy(attempts: 3, backoff: .milliseconds(1)))
            let outcome = try await fixture.run([job], executor: DryRunExecutor(scripts: ["train": .init(outcomes: [failure])]))
            #expect(outcome.summary[job: "train"]?.state == .failed)
            #expect(outcome.summary[job: "train"]?.attempts.count == 1)
            #expect(outcome.summary.status == .failed)
        }
    }

    /// The backoffs wait on a test clock: half a minute, then a minute, then two, and
    /// no attempt starts before its wait is over, yet the test waits for nothing real.
    @Test func attemptsAreLimitedAndBackoffDoubles() async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            let backoff = Duration.seconds(30)
            let job = makeJob("flaky", retry: RetryPolicy(attempts: 4, backoff: backoff))
            let clock = TestClock()
            let events = RecordedEvents()
            let run = Task {
                try await fixture.run(
                    [job, makeJob("downstream", needs: ["flaky"])],
                    executor: DryRunExecutor(scripts: ["flaky": .init(outcomes: [.failed(exitStatus: 2)])]),
                    options: .init(workers: 4), clock: clock, events: events)
            }
            for retry in 1...3 {
                // A hang guard only: the whole suite on two cores can starve the run for minutes.
                guard try await eventually(timeout: .seconds(300), { clock.pendingSleeps == 1 }) else {
                    run.cancel()
                    Issue.record("retry \(retry) never waited for its backoff")
                    return
                }
                // Waiting: the next attempt has not started.
                #expect(events.all.startedJobs.count == retry)
                clock.advance(by: try #require(clock.requestedSleeps.last))
            }
            let outcome = try await run.value
            #expect(clock.requestedSleeps == [backoff, backoff * 2, backoff * 4])
            let flaky = try #require(outcome.summary[job: "flaky"])
            #expect(flaky.state == .failed)
            #expect(flaky.attempts.count == 4)
            #expect(outcome.summary[job: "downstream"]?.state == .skipped)
            let delays = outcome.journal.compactMap { record -> Duration? in
                if case .jobRetried(_, _, let delay) = record.event { return delay }
                return nil
            }
            #expect(delays == clock.requestedSleeps)
        }
    }

    @Test func aJobWaitingForItsRetryDoesNotHoldAWorker() async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            let flaky = makeJob("flaky", retry: RetryPolicy(attempts: 2, backoff: .seconds(300)))
            let executor = DryRunExecutor(scripts: ["flaky": .init(outcomes: [.failed(exitStatus: 1), .succeeded])])
            let clock = TestClock()
            let events = RecordedEvents()
            let run = Task {
                try await fixture.run(
                    [flaky, makeJob("other")], executor: executor, options: .init(workers: 1), clock: clock,
                    events: events)
            }
            // With its one worker, the run finishes `other` while `flaky` waits for its retry.
            let otherDone = try await eventually(timeout: .seconds(300)) {
                events.all.succeededPosition("other") != nil && clock.pendingSleeps == 1
            }
            guard otherDone else {
                run.cancel()
                Issue.record("other should have run while flaky waited for its retry")
                return
            }
            clock.advance(by: .seconds(300))
            let outcome = try await run.value
            let retried = try #require(outcome.journal.position {
                if case .jobRetried = $0 { return true }
                return false
            })
            let otherStarted = try #require(outcome.journal.startedPosition("other"))
            let flakySecond = try #require(outcome.journal.startedPosition("flaky", attempt: 2))
            #expect(retried < otherStarted && otherStarted < flakySecond)
            #expect(outcome.summary.status == .succeeded)
        }
    }
}
