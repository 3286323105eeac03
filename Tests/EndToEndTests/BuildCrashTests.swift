import Foundation
import TestSupport
import Testing

import Glibc

/// modelbuild killed outright (SIGKILL, no chance to clean up) halfway through a build:
/// the next build marks the dead run interrupted, reuses every stage that had succeeded,
/// runs the rest, and ends with the same outputs as a build that was never interrupted.
@Suite struct BuildCrashTests {
    /// Twenty stages in six layers, up to four wide: the first ten sleep 0.2–0.5 s, the rest
    /// wait for a `gate` file, so the build is always half done, never finished, when the
    /// test kills it, however loaded the machine is.
    static let graph: [(name: String, needs: [String])] = [
        ("s01", []), ("s02", []), ("s03", []), ("s04", []),
        ("s05", ["s01"]), ("s06", ["s01", "s02"]), ("s07", ["s03"]), ("s08", ["s03", "s04"]),
        ("s09", ["s05", "s06"]), ("s10", ["s06"]), ("s11", ["s07"]), ("s12", ["s07", "s08"]),
        ("s13", ["s08"]), ("s14", ["s04"]),
        ("s15", ["s09", "s10"]), ("s16", ["s11", "s12"]), ("s17", ["s13", "s14"]), ("s18", ["s10", "s13"]),
        ("s19", ["s15", "s16"]), ("s20", ["s17", "s18", "s19"]),
    ]

    static var config: String {
        let stages = graph.enumerated().map { index, stage in
            let seconds = index < 10 ? ["0.2", "0.3", "0.4", "0.5"][index % 4] : "gate"
            let needs = stage.needs.isEmpty ? "" : ", needs: [\(stage.needs.joined(separator: ", "))]"
            return "  \(stage.name): {run: [sh, \"{stage}\", \(stage.name), \"\(seconds)\"]\(needs)}"
        }
        return """
            version: 1
            model: {name: lab-model}
            executor: {workers: 3}
            stages:
            \(stages.joined(separator: "\n"))
            builds:
              nightly: {}
            """
    }

    @Test func aRerunAfterAKilledBuildReusesWhatSucceededAndMatchesAnUninterruptedBuild() async throws {
        try await withBuildProject { reference in
            try await withBuildProject { project in
                try reference.writeConfig(Self.config)
                try project.writeConfig(Self.config)
                try Data().write(to: reference.directory.appendingPathComponent("gate"))
                async let uninterrupted = reference.build(["nightly"])

                let killed = try await runModelbuild(["build", "nightly"], in: project.directory) { process in
                    _ = try await project.waitForJournal { $0.jobs("job.succeeded").count >= 10 }
                    process.send(SIGKILL)
                }
                #expect(killed.status == 128 + SIGKILL)
                let staleID = try #require(try project.runIDs().last)
                let stale = try RunJournal(
                    runID: staleID,
                    text: String(contentsOf: project.journalFile(run: staleID), encoding: .utf8),
                    completeLinesOnly: true)
                #expect(stale.finalStatus == nil)
                let succeededBefore = stale.jobs("job.succeeded")
                #expect(succeededBefore.count == 10)

                // The stages were in their own sessions and outlive modelbuild: end them.
                let ended = stale.jobs("job.succeeded").union(stale.jobs("job.failed"))
                let orphans = stale.lines("job.started").filter { !ended.contains($0.job ?? "") }
                    .compactMap { $0.handle.flatMap { pid_t($0) } }
                for group in orphans { _ = kill(-group, SIGKILL) }
                let left = await ProcessTable.runningAfterSettling(pids: [], groups: stale.processGroups)
                #expect(left.isEmpty, "still running: \(left)")

                try Data().write(to: project.directory.appendingPathComponent("gate"))
                let rerun = try await project.build(["nightly"])
                #expect(rerun.status == 0, "\(rerun.standardOutput)\(rerun.standardError)")
                let ids = try project.runIDs()
                #expect(ids.count == 2)
                let closed = try project.journal(run: staleID)
                #expect(closed.finalStatus == "interrupted")
                #expect(closed.lines.last?.event == "run.finished")

                let resumed = try project.journal(run: try #require(ids.last))
                #expect(resumed.finalStatus == "succeeded")
                let reused = resumed.jobs("job.reused")
                let ran = resumed.jobs("job.succeeded")
                #expect(reused.isSuperset(of: succeededBefore), "not reused: \(succeededBefore.subtracting(reused))")
                #expect(reused.isDisjoint(with: ran))
                #expect(reused.union(ran) == Set(Self.graph.map(\.name)))
                #expect(!ran.isEmpty)
                expectNeedsEndedFirst(resumed)

                let finished = try await uninterrupted
                #expect(finished.status == 0, "\(finished.standardOutput)\(finished.standardError)")
                let expected = try outputs(of: reference.onlyJournal(), in: reference)
                let actual = try outputs(of: resumed, in: project)
                #expect(expected.count == 20)
                for stage in Self.graph.map(\.name) {
                    #expect(actual[stage] == expected[stage], "stage \(stage)")
                }
            }
        }
    }

    /// Stage → its stored files (path → SHA-256), through the cache key the run used.
    private func outputs(of journal: RunJournal, in project: BuildProject) throws -> [String: [String: String]] {
        var outputs: [String: [String: String]] = [:]
        for line in journal.lines where line.event == "job.succeeded" || line.event == "job.reused" {
            let job = try #require(line.job)
            outputs[job] = try project.storedFiles(key: try #require(line.cacheKey))
        }
        return outputs
    }
}
