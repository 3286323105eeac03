import Foundation
import ExecutorTestKit
import Runner
import Testing
import TestSupport

@Suite struct SchedulerFailureTests {
    @Test func aFailedJobSkipsExactlyItsTransitiveDependants() async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            let jobs = [
                makeJob("a"), makeJob("b", needs: ["a"]), makeJob("c", needs: ["b"]),
                makeJob("d"), makeJob("e", needs: ["d"]), makeJob("f", needs: ["c", "e"]),
            ]
            let executor = DryRunExecutor(scripts: ["a": .init(outcomes: [.failed(exitStatus: 3)])])
            let outcome = try await fixture.run(jobs, executor: executor)
            let summary = outcome.summary
            #expect(summary.status == .failed)
            #expect(summary[job: "a"]?.state == .failed)
            #expect(summary[job: "a"]?.attempts.first?.outcome == .failed(exitStatus: 3))
            #expect(summary[job: "b"]?.state == .skipped)
            #expect(summary[job: "b"]?.skippedBecause == SkipReason(need: "a", failedJob: "a"))
            #expect(summary[job: "c"]?.skippedBecause == SkipReason(need: "b", failedJob: "a"))
            #expect(summary[job: "f"]?.state == .skipped)
            #expect(summary[job: "d"]?.state == .succeeded)
            #expect(summary[job: "e"]?.state == .succeeded)
            #expect(Set(outcome.journal.startedJobs) == ["a", "d", "e"])
            let skips = outcome.journal.filter {
                if case .jobSkipped = $0.event { return true }
                return false
            }
            #expect(skips.count == 3)
            // Nothing failed is in the store; what succeeded is.
            #expect(!fixture.store.contains(makeJob("a").cacheKey))
            #expect(fixture.store.contains(makeJob("e").cacheKey))
            // b was laid out while a ran; skipped, it leaves nothing behind.
            #expect(!leavesFiles("b", in: outcome.run))
        }
    }

    @Test func aCancelledRunLeavesNothingOfTheAttemptsItLaidOutAhead() async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            let jobs = [makeJob("quick"), makeJob("slow"), makeJob("after", needs: ["slow"])]
            let executor = DryRunExecutor(scripts: [
                "quick": .init(outcomes: [.failed(exitStatus: 1)], duration: .milliseconds(50)),
                "slow": .init(duration: .seconds(30)),
            ])
            let outcome = try await fixture.run(jobs, executor: executor, options: .init(workers: 2, failFast: true))
            #expect(outcome.summary[job: "after"]?.state == .cancelled)
            #expect(!leavesFiles("after", in: outcome.run))
            #expect(leavesFiles("slow", in: outcome.run))
        }
    }

    /// Whether any of the stage's first-attempt files (context, work or output folder) exist.
    private func leavesFiles(_ stage: String, in run: RunDirectory) -> Bool {
        [run.contextFile(stage: stage, attempt: 1), run.workDirectory(stage: stage), run.outputDirectory(stage: stage, attempt: 1)]
            .contains { FileManager.default.fileExists(atPath: $0) }
    }

    @Test func failFastCancelsRunningAttemptsAndStartsNothingNew() async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            let jobs = [makeJob("quick"), makeJob("slow"), makeJob("after", needs: ["slow"]), makeJob("later")]
            let executor = DryRunExecutor(scripts: [
                "quick": .init(outcomes: [.failed(exitStatus: 1)], duration: .milliseconds(20)),
                "slow": .init(duration: .seconds(30)),
                "later": .init(duration: .seconds(30)),
            ])
            let outcome = try await fixture.run(jobs, executor: executor, options: .init(workers: 3, failFast: true))
            let summary = outcome.summary
            #expect(summary.status == .failed)
            #expect(summary[job: "quick"]?.state == .failed)
            #expect(summary[job: "slow"]?.state == .cancelled)
            #expect(summary[job: "slow"]?.attempts.first?.outcome == .cancelled)
            #expect(summary[job: "later"]?.state == .cancelled)
            #expect(summary[job: "after"]?.state == .cancelled)
            #expect(!outcome.journal.startedJobs.contains("after"))
        }
    }

    @Test func withoutFailFastIndependentJobsFinish() async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            let executor = DryRunExecutor(
                default: .init(duration: .milliseconds(30)),
                scripts: ["broken": .init(outcomes: [.signalled(9)])])
            let outcome = try await fixture.run(
                [makeJob("broken"), makeJob("fine"), makeJob("fine2", needs: ["fine"])], executor: executor,
                options: .init(workers: 2))
            #expect(outcome.summary.status == .failed)
            #expect(outcome.summary[job: "fine2"]?.state == .succeeded)
        }
    }

    @Test func outputsTheStoreRejectsFailTheJob() async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            let executor = DryRunExecutor(scripts: ["evaluate": .init(files: ["result.json": "{\"metrics\": 3}"])])
            let outcome = try await fixture.run([makeJob("evaluate"), makeJob("report", needs: ["evaluate"])], executor: executor)
            #expect(outcome.summary[job: "evaluate"]?.state == .failed)
            guard case .lost(let reason, let retryable) = outcome.summary[job: "evaluate"]?.attempts.last?.outcome else {
                Issue.record("expected a lost outcome")
                return
            }
            #expect(reason.hasPrefix("outputs rejected:") && reason.contains("result.json"))
            #expect(!retryable)
            #expect(outcome.summary[job: "report"]?.state == .skipped)
            #expect(!fixture.store.contains(makeJob("evaluate").cacheKey))
        }
    }
}
