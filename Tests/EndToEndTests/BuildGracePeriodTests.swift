import Foundation
import TestSupport
import Testing

/// `grace:` in builds.yaml: how long a stage that timed out has between SIGTERM and SIGKILL,
/// its own when it sets one, `executor.grace` otherwise.
@Suite struct BuildGracePeriodTests {
    /// (executor section, the stage's grace key): the stage's overrides the executor's 30 s;
    /// a stage without one gets the executor's.
    @Test(arguments: [
        ("executor: {grace: 30s}", ", grace: 500ms"),
        ("executor: {grace: 500ms}", ""),
    ])
    func aTimedOutStageIsKilledItsGracePeriodAfterSIGTERM(executor: String, stageGrace: String) async throws {
        try await withBuildProject { project in
            let marker = project.directory.appendingPathComponent("sigterm-marker").path
            let checkpointing = try project.writeScript(
                "checkpointing.sh",
                """
                trap 'echo terminated > "\(marker)"; sleep 100' TERM
                sleep 100
                """)
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                \(executor)
                stages:
                  train: {run: [sh, "\(checkpointing)"], timeout: 1s\(stageGrace)}
                builds:
                  nightly: {}
                """)
            let result = try await project.build(["nightly"])
            #expect(result.status == 1, "\(result.standardOutput)\(result.standardError)")
            let journal = try project.onlyJournal()
            let started = try #require(journal.first("job.started", job: "train"))
            let failed = try #require(journal.first("job.failed", job: "train"))
            #expect(failed.outcome?.kind == "timedOut")
            // SIGTERM 1 s after the start, SIGKILL 500 ms later. A wrong grace (the 10 s
            // default or the executor's 30 s) could not end it before 11 s; a loaded machine
            // delays timers by seconds, so the bound stays at that.
            let attemptSeconds = failed.time.timeIntervalSince(started.time)
            #expect(attemptSeconds > 0.5)
            #expect(attemptSeconds < 11, "the attempt took \(attemptSeconds) s")
            #expect(try String(contentsOfFile: marker, encoding: .utf8) == "terminated\n")
            let left = await ProcessTable.runningAfterSettling(pids: [], groups: journal.processGroups)
            #expect(left.isEmpty, "still running: \(left)")
        }
    }

    @Test func thePlanShowsAStagesOwnGracePeriod() async throws {
        try await withBuildProject { project in
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                executor: {grace: 30s}
                stages:
                  train: {run: [sh, "{stage}", train, "0"], timeout: 6h, grace: 1m30s}
                  evaluate: {run: [sh, "{stage}", evaluate, "0"], needs: [train]}
                builds:
                  nightly: {}
                """)
            let result = try await runModelbuild(["plan", "nightly"], in: project.directory)
            #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
            let lines = result.standardOutput.split(separator: "\n")
            #expect(lines.contains { $0.contains("train") && $0.contains("timeout 6h  grace 1m30s") })
            #expect(lines.contains { $0.contains("evaluate") && !$0.contains("grace") })
        }
    }
}
