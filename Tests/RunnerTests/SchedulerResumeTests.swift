import Foundation
import ExecutorTestKit
import Runner
import Testing
import TestSupport

@Suite struct SchedulerResumeTests {
    /// A build whose process died mid-run (its journal ends with a job started, its lock
    /// free) is marked interrupted by the next build, which reuses every job that finished.
    @Test func theBuildAfterACrashReusesWhatFinished() async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            let jobs = [makeJob("validate"), makeJob("generate", needs: ["validate"]), makeJob("train", needs: ["generate"])]
            let (run, lock) = try fixture.state.beginRun()
            let (trainStarted, continuation) = AsyncStream.makeStream(of: Void.self)
            let scheduler = Scheduler(
                executor: DryRunExecutor(scripts: [
                    "generate": .init(files: ["data.jsonl": "{}\n"]), "train": .init(duration: .seconds(60)),
                ]),
                store: fixture.store, options: .init(workers: 2))
            let task = Task {
                try await scheduler.run(jobs, in: run, buildName: "nightly", configDigest: "d") { record in
                    if case .jobStarted("train", _, _, _) = record.event { continuation.yield() }
                }
            }
            for await _ in trainStarted { break }
            task.cancel()
            _ = try await task.value
            // What a SIGKILL at this moment leaves: the journal up to train's start (and a
            // torn line), the lock free.
            let records = try Journal.read(path: run.journalFile).records
            let cut = try #require(records.startedPosition("train"))
            var bytes = Data()
            for record in records[...cut] { bytes += Data(record.json) + Data("\n".utf8) }
            bytes += Data("{\"time\":".utf8)
            try bytes.write(to: URL(fileURLWithPath: run.journalFile))
            lock.release()
            #expect(try await isReleased(run.lockFile))

            #expect(try await fixture.state.markStaleRunsInterrupted() == [run])
            #expect(try RunSummary(journal: run.journalFile).status == .interrupted)
            #expect(try RunSummary(journal: run.journalFile)[job: "train"]?.state == .running)

            let rerun = try await fixture.run(jobs)
            #expect(rerun.summary.status == .succeeded)
            #expect(rerun.journal.startedJobs == ["train"])
            #expect(rerun.summary[job: "validate"]?.wasReused == true)
            #expect(rerun.summary[job: "generate"]?.wasReused == true)
        }
    }
}
