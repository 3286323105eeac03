import Foundation
import TestSupport
import Testing

import Glibc

/// Ctrl-C, SIGTERM or SIGHUP in the middle of `modelbuild build`: exit status 130, the run
/// recorded as cancelled, and no stage process left running.
@Suite struct BuildCancellationTests {
    @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
    func aSignalCancelsTheBuildAndStopsEveryStage(signal: Int32) async throws {
        try await withBuildProject { project in
            let pids = project.directory.appendingPathComponent("pids").path
            let long = try project.writeScript(
                "long.sh",
                """
                echo $$ >> "\(pids)"
                (sh -c 'echo $PPID' >> "\(pids)"; sleep 100) &
                sleep 100
                """)
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                executor: {workers: 2}
                stages:
                  quick: {run: [sh, "{stage}", quick, "0"]}
                  long: {run: [sh, "\(long)"], needs: [quick]}
                  other: {run: [sh, -c, "sleep 100"]}
                  after: {run: [sh, "{stage}", after, "0"], needs: [long]}
                builds:
                  nightly: {}
                """)
            let result = try await runModelbuild(["build", "nightly"], in: project.directory) { process in
                _ = try await project.waitForJournal { journal in
                    journal.first("job.started", job: "long") != nil && journal.first("job.started", job: "other") != nil
                }
                try await waitUntil { pidCount(pids) == 2 }
                process.send(signal)
            }
            #expect(result.status == 130, "\(result.standardOutput)\(result.standardError)")
            let journal = try project.onlyJournal()
            #expect(journal.finalStatus == "cancelled")
            #expect(journal.lines.last?.event == "run.finished")
            #expect(journal.jobs("job.succeeded") == ["quick"])
            #expect(journal.first("job.cancelled", job: "long")?.attempt == 1)
            #expect(journal.first("job.cancelled", job: "other")?.attempt == 1)
            #expect(journal.jobs("job.cancelled") == ["long", "other", "after"])
            #expect(journal.jobs("job.failed").isEmpty)

            let stagePids = try String(contentsOfFile: pids, encoding: .utf8)
                .split(separator: "\n").compactMap { pid_t($0) }
            let left = await ProcessTable.runningAfterSettling(pids: stagePids, groups: journal.processGroups)
            #expect(left.isEmpty, "still running: \(left)")
        }
    }
}

/// The number of pids written to the file at `path` so far.
func pidCount(_ path: String) -> Int {
    ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").count
}

/// Polls `condition` every 20 ms until it holds, for at most `limit`.
func waitUntil(limit: Duration = .seconds(60), _ condition: () -> Bool) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now + limit
    while !condition() {
        guard clock.now < deadline else {
            throw ProcessFailure(description: "the awaited condition did not hold within \(limit)")
        }
        try await Task.sleep(for: .milliseconds(20))
    }
}
