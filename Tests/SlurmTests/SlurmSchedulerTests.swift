import Foundation
import ExecutorTestKit
import Runner
import StageProtocol
import Store
import Synchronization
import Testing
import TestSupport

/// Whole graphs through the scheduler on the real cluster, compared with the local
/// executor where they should agree.
@Suite(.enabled(if: SlurmCluster.isAvailable, SlurmCluster.skipReason))
struct SlurmSchedulerTests {
    /// A stage of the test graph: reads its inputs' `value` files through `context.json`,
    /// writes its own, and reports a metric.
    static let stageProgram = """
        import json, os, sys
        context = json.load(open(os.environ["MODELBUILD_CONTEXT"]))
        role = sys.argv[1]
        values = [int(open(os.path.join(path, "value")).read()) for _, path in sorted(context["inputs"].items())]
        value = {"prepare": 3, "left": sum(values) + 1, "right": sum(values) * 2, "merge": sum(values)}[role]
        os.makedirs(os.path.join(context["output"], "parts"), exist_ok=True)
        open(os.path.join(context["output"], "value"), "w").write(str(value))
        open(os.path.join(context["output"], "parts", role + ".txt"), "w").write(role + " saw " + str(values) + "\\n")
        json.dump({"metrics": {"value": value}}, open(os.path.join(context["output"], "result.json"), "w"))
        print("::metric value=%d" % value)
        """

    func graph(program: String) -> [Job] {
        let stages: [(String, [String])] = [
            ("prepare", []), ("left", ["prepare"]), ("right", ["prepare"]), ("merge", ["left", "right"]),
        ]
        return stages.map { name, needs in
            makeJob(name, needs: needs, command: ["python3", program, name])
        }
    }

    /// Runs `jobs` with `executor` in a state folder of their own.
    func run(
        _ jobs: [Job], executor: any Executor, state: StateDirectory
    ) async throws -> (RunSummary, OutputStore) {
        let fixture = try SchedulerFixture(state: state)
        return (try await fixture.run(jobs, executor: executor).summary, fixture.store)
    }

    @Test func aGraphWithDependenciesStoresWhatTheLocalExecutorStores() async throws {
        try await withStateFolder { root in
            let program = root.appendingPathComponent("stage.py")
            try Data(Self.stageProgram.utf8).write(to: program)
            let jobs = graph(program: program.path)
            let (local, localStore) = try await run(
                jobs, executor: LocalExecutor(), state: StateDirectory(path: root.path + "/local"))
            let (slurm, slurmStore) = try await run(
                jobs, executor: SlurmExecutor(pollInterval: .milliseconds(500)),
                state: StateDirectory(path: root.path + "/slurm"))
            #expect(local.status == .succeeded)
            #expect(slurm.status == .succeeded)
            for job in jobs {
                let expected = try #require(try localStore.entry(job.cacheKey))
                let actual = try #require(try slurmStore.entry(job.cacheKey))
                #expect(actual.files == expected.files, "\(job.id)")
                #expect(actual.directories == expected.directories, "\(job.id)")
                #expect(actual.metrics == expected.metrics, "\(job.id)")
                #expect(slurm[job: job.id]?.metrics == local[job: job.id]?.metrics, "\(job.id)")
                #expect(slurm[job: job.id]?.attempts.first?.host == "localhost")
            }
            // prepare 3; left 3 + 1; right 3 × 2; merge 4 + 6.
            let merged = try String(
                contentsOfFile: try slurmStore.directory(jobs[3].cacheKey) + "/value", encoding: .utf8)
            #expect(merged == "10")
        }
    }

    @Test func aFailingStageSkipsItsDependantsAndLetsTheOthersFinish() async throws {
        try await withStateFolder { root in
            let jobs = [
                makeJob("broken", command: ["sh", "-c", "echo broken >&2; exit 3"]),
                makeJob("after", needs: ["broken"], command: ["true"]),
                makeJob("independent", command: ["true"]),
            ]
            let (summary, _) = try await run(
                jobs, executor: SlurmExecutor(pollInterval: .milliseconds(500)),
                state: StateDirectory(path: root.path + "/state"))
            #expect(summary.status == .failed)
            #expect(summary[job: "broken"]?.attempts.last?.outcome == .failed(exitStatus: 3))
            #expect(summary[job: "after"]?.state == .skipped)
            #expect(summary[job: "independent"]?.state == .succeeded)
        }
    }

    @Test func aFailedAttemptIsRetriedAsANewSlurmJob() async throws {
        try await withStateFolder { root in
            let mark = root.appendingPathComponent("first-attempt-ran").path
            let flaky = makeJob(
                "flaky",
                command: ["sh", "-c", "if [ -e '\(mark)' ]; then echo second; exit 0; fi; touch '\(mark)'; exit 4"],
                retry: RetryPolicy(attempts: 3, backoff: .milliseconds(100)))
            let (summary, store) = try await run(
                [flaky], executor: SlurmExecutor(pollInterval: .milliseconds(500)),
                state: StateDirectory(path: root.path + "/state"))
            #expect(summary.status == .succeeded)
            let attempts = try #require(summary[job: "flaky"]?.attempts)
            #expect(attempts.map(\.outcome) == [.failed(exitStatus: 4), .succeeded])
            // Checked, not indexed: a retry that never came must fail the test, not crash it.
            try #require(attempts.count == 2)
            #expect(attempts[0].handle != attempts[1].handle)
            #expect(store.contains(flaky.cacheKey))
        }
    }

    @Test func aCancelledBuildLeavesNoJobInTheQueue() async throws {
        try await withStateFolder { root in
            let jobs = (1...3).map { makeJob("sleeper\($0)", command: ["sleep", "900"]) }
                + [makeJob("never", needs: ["sleeper1"], command: ["true"])]
            let started = RecordedEvents()
            let state = StateDirectory(path: root.path + "/state")
            let store = try state.openStore()
            let (run, lock) = try state.beginRun()
            defer { lock.release() }
            let scheduler = Scheduler(
                executor: SlurmExecutor(pollInterval: .milliseconds(500)), store: store, options: .init(workers: 4))
            let build = Task {
                try await scheduler.run(jobs, in: run, buildName: "nightly", configDigest: "d", onEvent: started.observer)
            }
            // A hang guard: a loaded machine has taken two minutes to get the three running.
            let allStarted = try await eventually(timeout: .seconds(600)) { started.startedHandles.count >= 3 }
            build.cancel()
            let summary = try await build.value
            #expect(allStarted, "the three sleepers never all started")
            #expect(summary.status == .cancelled)
            #expect(jobs.allSatisfy { summary[job: $0.id]?.state == .cancelled })
            #expect(try SlurmCluster.listed(started.startedHandles).isEmpty)
            for handle in started.startedHandles { #expect(try SlurmCluster.state(of: handle) == "CANCELLED") }
        }
    }
}
