import Foundation
import TestSupport
import Testing

/// What `modelbuild build` does when stages fail: stop exactly their dependants (or
/// everything with --fail-fast), retry with a growing backoff, and kill a stage that
/// runs past its timeout together with everything it started.
@Suite struct BuildFailureTests {
    /// a fails; b and c need it (c through b), f needs c and e; d and e are independent.
    private static let failingGraph = """
        version: 1
        model: {name: lab-model}
        executor: {workers: 2}
        stages:
          a: {run: [sh, -c, "sleep 0.2; exit 3"]}
          b: {run: [sh, "{stage}", b, "0"], needs: [a]}
          c: {run: [sh, "{stage}", c, "0"], needs: [b]}
          d: {run: [sh, "{stage}", d, "SLEEP"]}
          e: {run: [sh, "{stage}", e, "0"], needs: [d]}
          f: {run: [sh, "{stage}", f, "0"], needs: [c, e]}
        builds:
          nightly: {}
        """

    @Test func aFailedStageSkipsExactlyItsDependantsAndTheRestFinish() async throws {
        try await withBuildProject { project in
            try project.writeConfig(Self.failingGraph.replacingOccurrences(of: "SLEEP", with: "0.6"))
            let result = try await project.build(["nightly"])
            #expect(result.status == 1, "\(result.standardOutput)\(result.standardError)")
            let journal = try project.onlyJournal()
            #expect(journal.finalStatus == "failed")
            let failure = try #require(journal.first("job.failed", job: "a"))
            #expect(failure.outcome?.kind == "failed")
            #expect(failure.outcome?.exitStatus == 3)
            #expect(journal.jobs("job.succeeded") == ["d", "e"])
            #expect(journal.jobs("job.skipped") == ["b", "c", "f"])
            #expect(journal.jobs("job.started") == ["a", "d", "e"])
            for skipped in journal.lines("job.skipped") {
                #expect(skipped.failedJob == "a")
            }
            #expect(journal.first("job.skipped", job: "c")?.need == "b")
            #expect(journal.first("job.skipped", job: "f")?.need == "c")
            #expect(result.standardOutput.contains("failed: a: exit status 3"))
        }
    }

    @Test func failFastStopsEverythingAtTheFirstFailure() async throws {
        try await withBuildProject { project in
            try project.writeConfig(Self.failingGraph.replacingOccurrences(of: "SLEEP", with: "30"))
            let result = try await project.build(["nightly", "--fail-fast"])
            #expect(result.status == 1, "\(result.standardOutput)\(result.standardError)")
            let journal = try project.onlyJournal()
            #expect(journal.finalStatus == "failed")
            #expect(journal.jobs("job.failed") == ["a"])
            #expect(journal.jobs("job.succeeded").isEmpty)
            // d was running (it sleeps 30 s) and was stopped; e never started.
            #expect(journal.first("job.cancelled", job: "d")?.attempt == 1)
            #expect(journal.jobs("job.cancelled").isSuperset(of: ["d", "e"]))
            #expect(!journal.jobs("job.started").contains("e"))
            #expect(await ProcessTable.runningAfterSettling(pids: [], groups: journal.processGroups).isEmpty)
        }
    }

    @Test func retriesHappenTheConfiguredNumberOfTimesWithAGrowingBackoff() async throws {
        try await withBuildProject { project in
            // The counter lives outside every folder modelbuild prepares for a stage.
            let counter = project.directory.appendingPathComponent("attempts").path
            let flaky = try project.writeScript(
                "flaky.sh",
                """
                n=$(cat "\(counter)" 2>/dev/null || echo 0)
                n=$((n + 1))
                echo "$n" > "\(counter)"
                echo "attempt $n"
                [ "$n" -ge 3 ]
                """)
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                stages:
                  flaky: {run: [sh, "\(flaky)"], retry: {attempts: 3, backoff: 200ms}}
                  hopeless: {run: [sh, -c, "exit 7"], retry: {attempts: 2, backoff: 100ms}}
                builds:
                  nightly: {}
                """)
            let result = try await project.build(["nightly"])
            #expect(result.status == 1, "\(result.standardOutput)\(result.standardError)")
            let journal = try project.onlyJournal()

            #expect(journal.lines("job.started", job: "flaky").map(\.attempt) == [1, 2, 3])
            #expect(journal.lines("job.failed", job: "flaky").map(\.attempt) == [1, 2])
            #expect(journal.first("job.succeeded", job: "flaky")?.attempt == 3)
            let delays = journal.lines("job.retried", job: "flaky").compactMap(\.delaySeconds)
            #expect(delays == [0.2, 0.4])
            // Each retry started no sooner than its backoff after the failure (less a margin:
            // the failure is stamped when it is written, just after the backoff began).
            for (number, delay) in zip([1, 2], delays) {
                let failed = try #require(journal.first("job.failed", job: "flaky", attempt: number))
                let next = try #require(journal.first("job.started", job: "flaky", attempt: number + 1))
                #expect(next.time.timeIntervalSince(failed.time) >= delay - 0.02)
            }
            #expect(try String(contentsOfFile: counter, encoding: .utf8) == "3\n")
            let logs = project.runsDirectory.appendingPathComponent(journal.runID).appendingPathComponent("logs")
            for number in 1...3 {
                let log = try String(
                    contentsOf: logs.appendingPathComponent("flaky.\(number).log"), encoding: .utf8)
                #expect(log == "attempt \(number)\n")
            }

            #expect(journal.lines("job.started", job: "hopeless").map(\.attempt) == [1, 2])
            #expect(journal.lines("job.retried", job: "hopeless").compactMap(\.delaySeconds) == [0.1])
            #expect(journal.lines("job.failed", job: "hopeless").map(\.outcome?.exitStatus) == [7, 7])
            #expect(journal.finalStatus == "failed")
        }
    }

    /// The stage and its background grandchild ignore SIGTERM, so only the SIGKILL after
    /// the grace period ends them; nothing of the stage's group may survive.
    @Test func aTimeoutKillsTheStageAndAGrandchildThatIgnoresSIGTERM() async throws {
        try await withBuildProject { project in
            let pids = project.directory.appendingPathComponent("pids").path
            let stubborn = try project.writeScript(
                "stubborn.sh",
                """
                echo $$ >> "\(pids)"
                trap "" TERM
                (trap "" TERM; sh -c 'echo $PPID' >> "\(pids)"; sleep 100) &
                sleep 100
                """)
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                stages:
                  stubborn: {run: [sh, "\(stubborn)"], timeout: 500ms, grace: 300ms}
                  after: {run: [sh, "{stage}", after, "0"], needs: [stubborn]}
                builds:
                  nightly: {}
                """)
            let result = try await project.build(["nightly"])
            #expect(result.status == 1, "\(result.standardOutput)\(result.standardError)")
            let journal = try project.onlyJournal()
            #expect(journal.first("job.failed", job: "stubborn")?.outcome?.kind == "timedOut")
            #expect(journal.jobs("job.skipped") == ["after"])
            #expect(result.standardOutput.contains("failed: stubborn: timed out"))

            let written = try String(contentsOfFile: pids, encoding: .utf8)
                .split(separator: "\n").compactMap { pid_t($0) }
            #expect(written.count == 2, "the stage and its grandchild both wrote their pids: \(written)")
            let left = await ProcessTable.runningAfterSettling(pids: written, groups: journal.processGroups)
            #expect(left.isEmpty, "still running: \(left)")
        }
    }
}
