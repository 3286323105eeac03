import Foundation
import ExecutorTestKit
import Runner
import Testing
import TestSupport

@Suite struct SchedulerReuseTests {
    let jobs = [makeJob("validate"), makeJob("generate", needs: ["validate"]), makeJob("train", needs: ["generate"])]
    let executor = DryRunExecutor(scripts: [
        "validate": .init(files: ["report.txt": "valid\n"]),
        "generate": .init(files: ["train.jsonl": "{\"id\": 1}\n"]),
        "train": .init(files: ["model/weights.bin": "weights", "result.json": "{\"metrics\": {\"f1\": 0.71}}"]),
    ])

    @Test func aRerunReusesEverythingAndRunsNothing() async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            let first = try await fixture.run(jobs, executor: executor)
            #expect(first.summary.status == .succeeded)
            #expect(try fixture.store.entry(makeJob("train").cacheKey)?.metrics == ["f1": 0.71])

            let second = try await fixture.run(jobs, executor: executor)
            #expect(second.summary.status == .succeeded)
            #expect(second.summary.jobs.allSatisfy { $0.wasReused && $0.attempts.isEmpty })
            #expect(second.journal.startedJobs.isEmpty)
            #expect(second.journal.contains { $0.event == .jobReused(job: "train", cacheKey: makeJob("train").cacheKey) })
        }
    }

    @Test func forcedJobsRunAgainAndTheirDependantsReadTheNewOutputs() async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            _ = try await fixture.run(jobs, executor: executor)
            let before = try fixture.store.directory(makeJob("generate").cacheKey)
            #expect(try String(contentsOfFile: before + "/train.jsonl", encoding: .utf8) == "{\"id\": 1}\n")

            var changed = executor
            changed.scripts["generate"] = .init(files: ["train.jsonl": "{\"id\": 2}\n"])
            let second = try await fixture.run(
                jobs, executor: changed, options: .init(workers: 2, force: ["generate", "train"]))
            #expect(second.summary[job: "validate"]?.state == .reused)
            #expect(second.summary[job: "generate"]?.state == .succeeded)
            #expect(second.summary[job: "train"]?.state == .succeeded)
            let after = try fixture.store.directory(makeJob("generate").cacheKey)
            #expect(try String(contentsOfFile: after + "/train.jsonl", encoding: .utf8) == "{\"id\": 2}\n")
        }
    }

    @Test func aRerunAfterAFailureRunsOnlyWhatDidNotFinish() async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            var failing = executor
            failing.scripts["train"] = .init(outcomes: [.failed(exitStatus: 1)])
            let first = try await fixture.run(jobs, executor: failing)
            #expect(first.summary.status == .failed)

            let second = try await fixture.run(jobs, executor: executor)
            #expect(second.summary.status == .succeeded)
            #expect(second.journal.startedJobs == ["train"])
            #expect(second.summary[job: "generate"]?.wasReused == true)
        }
    }

    @Test func aDryRunStoresAndPreparesNothingButStillReuses() async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            let validateOnly = try await fixture.run([jobs[0]])
            #expect(validateOnly.summary.status == .succeeded)

            let outcome = try await fixture.run(jobs, options: .init(workers: 2, dryRun: true))
            #expect(outcome.summary.status == .succeeded)
            #expect(outcome.summary[job: "validate"]?.wasReused == true)
            #expect(outcome.journal.startedJobs == ["generate", "train"])
            #expect(!fixture.store.contains(jobs[1].cacheKey) && !fixture.store.contains(jobs[2].cacheKey))
            for folder in [outcome.run.contextsDirectory, outcome.run.workRoot, outcome.run.outputRoot] {
                #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
            }
        }
    }
}
