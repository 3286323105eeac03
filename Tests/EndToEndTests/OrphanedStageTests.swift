import Foundation
import TestSupport
import Testing

import Glibc

/// Stages orphaned by a SIGKILLed modelbuild (issue 13, item 7): they go on under init,
/// and the rerun that marks the dead run interrupted stops them before it starts new
/// copies, so two copies of a stage never run at once.
@Suite struct OrphanedStageTests {
    /// A stage that appends its pid to `pids`, notes in `overlap` any earlier copy still
    /// running (not a zombie) when it starts, then waits for `gate`.
    static let stage = #"""
        here=$(dirname "$0")
        for old in $(cat "$here/pids" 2>/dev/null); do
            state=$(sed 's/.*) //' "/proc/$old/stat" 2>/dev/null | cut -d' ' -f1)
            if [ -n "$state" ] && [ "$state" != Z ]; then echo "$old" >> "$here/overlap"; fi
        done
        echo $$ >> "$here/pids"
        out=$(sed -n 's/^  "output" : "\(.*\)",\{0,1\}$/\1/p' "$MODELBUILD_CONTEXT")
        while [ ! -e "$here/gate" ]; do sleep 0.05; done
        echo done > "$out/value"
        """#

    @Test func theRerunStopsTheKilledBuildsStagesBeforeStartingNewCopies() async throws {
        try await withBuildProject { project in
            let script = try project.writeScript("train.sh", Self.stage)
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                executor: {workers: 1, grace: 2s}
                stages:
                  train: {run: [sh, "\(script)"]}
                builds:
                  nightly: {}
                """)
            let pids = project.directory.appendingPathComponent("pids")
            let killed = try await runModelbuild(["build", "nightly"], in: project.directory) { process in
                try await waitUntil { (try? String(contentsOf: pids, encoding: .utf8))?.isEmpty == false }
                process.send(SIGKILL)
            }
            #expect(killed.status == 128 + SIGKILL)
            let orphan = try #require(pid_t(try String(contentsOf: pids, encoding: .utf8).split(separator: "\n")[0]))
            #expect(ProcessTable.isRunning(orphan), "the stage should outlive a SIGKILLed modelbuild")

            let rerun = try await runModelbuild(["build", "nightly"], in: project.directory) { _ in
                try await waitUntil { (try? String(contentsOf: pids, encoding: .utf8))?.split(separator: "\n").count == 2 }
                #expect(!ProcessTable.isRunning(orphan), "the orphan still runs beside its new copy")
                try Data().write(to: project.directory.appendingPathComponent("gate"))
            }
            #expect(rerun.status == 0, "\(rerun.standardOutput)\(rerun.standardError)")
            #expect(rerun.standardOutput.contains("left stage train (attempt 1, process group \(orphan)) running; stopped it"))
            let overlap = try? String(contentsOf: project.directory.appendingPathComponent("overlap"), encoding: .utf8)
            #expect(overlap == nil, "a new copy started while \(overlap ?? "") still ran")
            #expect(await ProcessTable.runningAfterSettling(pids: [orphan]).isEmpty)
        }
    }

    private func waitUntil(limit: Duration = .seconds(180), _ condition: () throws -> Bool) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while clock.now < deadline {
            if try condition() { return }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw ProcessFailure(description: "the awaited state did not come in \(limit)")
    }
}
