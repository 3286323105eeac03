import Foundation
import ExecutorTestKit
import Runner
import Testing
import TestSupport

@Suite struct SchedulerCancellationTests {
    @Test func cancellingTheCallerStopsRunningAttemptsAndRecordsTheRunCancelled() async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            let (run, lock) = try fixture.state.beginRun()
            defer { lock.release() }
            let (started, startedContinuation) = AsyncStream.makeStream(of: String.self)
            let scheduler = Scheduler(
                executor: DryRunExecutor(default: .init(duration: .seconds(60))), store: fixture.store,
                options: .init(workers: 2))
            let jobs = [makeJob("train"), makeJob("generate"), makeJob("evaluate", needs: ["train"]), makeJob("third")]
            let task = Task {
                try await scheduler.run(jobs, in: run, buildName: "nightly", configDigest: "d") { record in
                    if case .jobStarted(let job, _, _, _) = record.event { startedContinuation.yield(job) }
                }
            }
            var running = 0
            for await _ in started {
                running += 1
                if running == 2 { break }
            }
            task.cancel()
            let summary = try await task.value
            #expect(summary.status == .cancelled)
            #expect(summary[job: "train"]?.state == .cancelled)
            #expect(summary[job: "train"]?.attempts.first?.outcome == .cancelled)
            #expect(summary[job: "generate"]?.state == .cancelled)
            #expect(summary[job: "evaluate"]?.state == .cancelled)
            #expect(summary[job: "third"]?.state == .cancelled)
            #expect(summary[job: "third"]?.attempts.isEmpty == true)
            let journal = try Journal.read(path: run.journalFile)
            #expect(journal.records.last?.event == .runFinished(status: .cancelled))
            #expect(RunSummary(records: journal.records) == summary)
        }
    }

    @Test func aRunCancelledBeforeItStartsRunsNothing() async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            let (run, lock) = try fixture.state.beginRun()
            defer { lock.release() }
            let scheduler = Scheduler(executor: DryRunExecutor(), store: fixture.store, options: .init(workers: 2))
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await scheduler.run([makeJob("a"), makeJob("b", needs: ["a"])], in: run, buildName: "n", configDigest: "d")
            }
            let summary = try await task.value
            #expect(summary.status == .cancelled)
            #expect(summary.jobs.allSatisfy { $0.state == .cancelled && $0.attempts.isEmpty })
        }
    }
}
