import Foundation
import ExecutorTestKit
import Runner
import Testing
import TestSupport

@Suite struct SchedulerLimitsTests {
    @Test func neverMoreThanWorkersRunAtOnce() async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            let jobs = (0..<12).map { makeJob("job\($0)") }
            let outcome = try await fixture.run(
                jobs, executor: DryRunExecutor(default: .init(duration: .milliseconds(60))),
                options: .init(workers: 3))
            #expect(outcome.summary.status == .succeeded)
            #expect(outcome.journal.maximumConcurrency() == 3)
        }
    }

    @Test func resourceCapacityLimitsJobsThatHoldTheResource() async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            let gpuJobs = (0..<6).map { makeJob("train\($0)", resources: ["gpu": 1]) }
            let wideJob = makeJob("merge", resources: ["gpu": 2])
            let cpuJobs = (0..<6).map { makeJob("cpu\($0)") }
            let outcome = try await fixture.run(
                gpuJobs + [wideJob] + cpuJobs, executor: DryRunExecutor(default: .init(duration: .milliseconds(50))),
                options: .init(workers: 6, capacity: ["gpu": 2]))
            #expect(outcome.summary.status == .succeeded)
            // Units held at once, from the journal.
            var held = 0
            var maximum = 0
            for record in outcome.journal {
                switch record.event {
                case .jobStarted(let job, _, _, _):
                    held += job == "merge" ? 2 : job.hasPrefix("train") ? 1 : 0
                    maximum = max(maximum, held)
                case .jobSucceeded(let job, _, _):
                    held -= job == "merge" ? 2 : job.hasPrefix("train") ? 1 : 0
                default: break
                }
            }
            #expect(maximum == 2)
            // Jobs without the resource are not held back by it.
            #expect(outcome.journal.maximumConcurrency() > 2)
        }
    }

    @Test(arguments: [
        ([makeJob("a", needs: ["missing"])], SchedulerError.unknownNeed(job: "a", need: "missing")),
        ([makeJob("a"), makeJob("a")], .duplicateJob("a")),
        ([makeJob("a", needs: ["a"])], .cycle(["a", "a"])),
        ([makeJob("a", resources: ["gpu": 1])], .resourceExceedsCapacity(job: "a", resource: "gpu", needed: 1, capacity: 0)),
        ([makeJob("a", cacheKey: "../escape")], .invalidCacheKey(job: "a", key: "../escape")),
    ])
    func invalidGraphsAreRefusedBeforeAnythingRuns(jobs: [Job], expected: SchedulerError) async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            let (run, lock) = try fixture.state.beginRun()
            defer { lock.release() }
            let scheduler = Scheduler(executor: DryRunExecutor(), store: fixture.store, options: .init(workers: 2))
            await #expect(throws: expected) {
                try await scheduler.run(jobs, in: run, buildName: "nightly", configDigest: "d")
            }
            #expect(!FileManager.default.fileExists(atPath: run.journalFile))
        }
    }

    @Test func aCycleIsReportedAsItsPath() async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            let (run, lock) = try fixture.state.beginRun()
            defer { lock.release() }
            let jobs = [
                makeJob("validate"), makeJob("generate", needs: ["validate", "evaluate"]),
                makeJob("train", needs: ["generate"]), makeJob("evaluate", needs: ["train"]),
            ]
            let scheduler = Scheduler(executor: DryRunExecutor(), store: fixture.store, options: .init(workers: 2))
            let error = await #expect(throws: SchedulerError.self) {
                try await scheduler.run(jobs, in: run, buildName: "nightly", configDigest: "d")
            }
            guard case .cycle(let path) = error else {
                Issue.record("expected a cycle, got \(String(describing: error))")
                return
            }
            #expect(path.count == 4 && path.first == path.last)
            #expect(Set(path) == ["generate", "train", "evaluate"])
            #expect(error?.description.contains(" → ") == true)
        }
    }

    @Test func zeroWorkersIsRefused() async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            await #expect(throws: SchedulerError.invalidWorkerCount(0)) {
                try await fixture.run([makeJob("a")], options: .init(workers: 0))
            }
        }
    }
}
