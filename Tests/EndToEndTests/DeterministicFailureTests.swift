import Foundation
import TestSupport
import Testing

/// A failure a retry cannot change is not retried: a stage exiting with the worker
/// protocol's reserved status (65), and a taxonomy with no leaves, said before anything runs.
@Suite struct DeterministicFailureTests {
    @Test func aStageExitingWithTheNotRetryableStatusIsNotRetried() async throws {
        try await withBuildProject { project in
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                executor: {workers: 1}
                stages:
                  refuse:
                    run: [sh, -c, "echo no data to work on; exit 65"]
                    retry: {attempts: 3, backoff: 100ms}
                  flaky:
                    run: [sh, -c, "exit 3"]
                    retry: {attempts: 2, backoff: 100ms}
                builds:
                  nightly: {}
                """)
            let result = try await project.build(["nightly"])
            #expect(result.status == 1, "\(result.standardOutput)\(result.standardError)")
            let journal = try project.onlyJournal()
            #expect(journal.lines("job.failed", job: "refuse").count == 1)
            #expect(journal.first("job.failed", job: "refuse")?.outcome?.exitStatus == 65)
            #expect(journal.lines("job.retried", job: "refuse").isEmpty)
            #expect(result.standardOutput.contains("refuse: exit status 65 (its input cannot work; not retried)"), "\(result.standardOutput)")
            // Any other status is retried as retry: says.
            #expect(journal.lines("job.failed", job: "flaky").count == 2)
        }
    }

    @Test func aBuiltinStageWithNoDataExitsNotRetryable() async throws {
        try await withTemporaryDirectory { directory in
            let output = directory.appendingPathComponent("output")
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            let context = directory.appendingPathComponent("context.json")
            try """
            {"schemaVersion": 1, "runID": "r", "stage": "train", "attempt": 1,
             "build": {"name": "nightly", "kind": "nightly", "model": "lab-model"},
             "params": {}, "inputs": {}, "output": "\(output.path)"}
            """.write(to: context, atomically: true, encoding: .utf8)
            let result = try await runModelbuild(["stage", "run", "builtin/train", "--context", context.path], in: directory)
            #expect(result.status == 65, "\(result.standardOutput)\(result.standardError)")
            #expect(result.standardError.contains("found no generated data"))
        }
    }

    @Test func aTaxonomyWithNoLeavesUnderItsFoldersStopsAtPlanning() async throws {
        try await withTemporaryDirectory { directory in
            let project = try await offThePool { try NightlyBuildTests.makeProject(in: directory) }
            try IncrementalBuildTests.edit(
                project, replacing: "folders: [compositional_skills, knowledge]", with: "folders: [compositional_skills]")
            try await offThePool {
                let taxonomy = GitFixture(existingAt: directory.appendingPathComponent("taxonomy"))
                try taxonomy.git("rm", "-r", "--quiet", "compositional_skills")
                try taxonomy.commitAll("Move the skills elsewhere")
            }
            let result = try await runModelbuild(["build", "nightly"], in: project)
            #expect(result.status == 1, "\(result.standardOutput)\(result.standardError)")
            #expect(result.standardError.contains("no leaves under folders [compositional_skills] at "), "\(result.standardError)")
            let runs = project.appendingPathComponent(".modelbuild/runs").path
            let ranNothing = try !FileManager.default.fileExists(atPath: runs) || IncrementalBuildTests.runCount(project) == 0
            #expect(ranNothing, "a run was started")
        }
    }
}
