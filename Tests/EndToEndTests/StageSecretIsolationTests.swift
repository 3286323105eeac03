import Foundation
import TestSupport
import Testing

/// A stage sees only the secrets it declares: not in its own environment, and not by
/// reading its parent's (`/proc/$PPID/environ`), where every secret modelbuild was
/// started with used to sit, unmasked, ready to be printed into a published log.
@Suite struct StageSecretIsolationTests {
    @Test func aStageCannotReadModelbuildsEnvironment() async throws {
        try await withBuildProject { project in
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                stages:
                  snoop:
                    run: [sh, -c, "cat /proc/$PPID/comm; tr '\\\\0' '\\\\n' < /proc/$PPID/environ; env"]
                  declared:
                    run: [sh, -c, "test \\"$DECLARED_TOKEN\\" = declared-value-7"]
                    secrets: [DECLARED_TOKEN]
                builds:
                  nightly: {}
                """)
            let result = try await project.build(
                ["nightly"],
                environment: ["UNDECLARED_TOKEN": "undeclared-value-3", "DECLARED_TOKEN": "declared-value-7"])
            #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
            let journal = try project.onlyJournal()
            #expect(journal.jobs("job.succeeded") == ["snoop", "declared"])
            let logs = project.runsDirectory.appendingPathComponent(journal.runID).appendingPathComponent("logs")
            let log = try String(contentsOf: logs.appendingPathComponent("snoop.1.log"), encoding: .utf8)
            #expect(log.hasPrefix("modelbuild\n"), "the stage's parent is modelbuild: \(log)")
            #expect(!log.contains("undeclared-value-3"), "\(log)")
            #expect(!log.contains("declared-value-7"), "\(log)")
            #expect(!log.contains("UNDECLARED_TOKEN"), "\(log)")
        }
    }
}
