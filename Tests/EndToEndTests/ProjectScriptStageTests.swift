import Foundation
import TestSupport
import Testing

/// A `run:` program given relative to builds.yaml is found there, and its content is part
/// of the stage's key: editing the script reruns the stage. `run: "text"` is a shell line.
@Suite struct ProjectScriptStageTests {
    @Test func aScriptEditRerunsItsRunStage() async throws {
        try await withBuildProject { project in
            try FileManager.default.createDirectory(
                at: project.directory.appendingPathComponent("scripts"), withIntermediateDirectories: true)
            try project.writeScript("scripts/hello.sh", "#!/bin/sh\necho hello one\n")
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                executor: {workers: 1}
                stages:
                  hello: {run: [./scripts/hello.sh]}
                  line: {run: "echo a shell line"}
                builds:
                  nightly: {}
                """)
            let first = try await project.build(["nightly"])
            #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")
            #expect(try project.journal(run: try #require(project.runIDs().last)).jobs("job.succeeded") == ["hello", "line"])

            let again = try await project.build(["nightly"])
            #expect(again.status == 0)
            #expect(try project.journal(run: try #require(project.runIDs().last)).jobs("job.reused") == ["hello", "line"])

            try project.writeScript("scripts/hello.sh", "#!/bin/sh\necho hello two\n")
            let edited = try await project.build(["nightly"])
            #expect(edited.status == 0, "\(edited.standardOutput)\(edited.standardError)")
            let journal = try project.journal(run: try #require(project.runIDs().last))
            #expect(journal.jobs("job.succeeded") == ["hello"])
            #expect(journal.jobs("job.reused") == ["line"])
        }
    }

    @Test func validateRefusesARunProgramThatIsNotThere() async throws {
        try await withBuildProject { project in
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                stages:
                  hello: {run: [./scripts/missing.sh]}
                builds:
                  nightly: {}
                """)
            let result = try await runModelbuild(["validate"], in: project.directory)
            #expect(result.status == 2, "\(result.standardOutput)\(result.standardError)")
            #expect(result.standardError.contains("builds.yaml:4:"), "\(result.standardError)")
            #expect(result.standardError.contains("program ./scripts/missing.sh is not found"))
        }
    }

    @Test func shellStagesFindTheirOutputInputsAndProjectInTheEnvironment() async throws {
        try await withBuildProject { project in
            try "seed\n".write(to: project.directory.appendingPathComponent("data.txt"), atomically: true, encoding: .utf8)
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                executor: {workers: 1}
                stages:
                  first: {run: 'cat "$MODELBUILD_PROJECT/data.txt" > "$MODELBUILD_OUTPUT/value"'}
                  second:
                    run: 'for line in $MODELBUILD_INPUTS; do cat "${line#*=}/value"; done > "$MODELBUILD_OUTPUT/value"'
                    needs: [first]
                builds:
                  nightly: {}
                """)
            let result = try await project.build(["nightly"])
            #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
            let key = try #require(try project.onlyJournal().first("job.succeeded", job: "second")?.cacheKey)
            #expect(try project.storedText(try project.storedFiles(key: key)["value"]) == "seed\n")
        }
    }

    @Test func aDeclaredDepEditRerunsItsStage() async throws {
        try await withBuildProject { project in
            let data = project.directory.appendingPathComponent("data")
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
            try "one\n".write(to: data.appendingPathComponent("x.txt"), atomically: true, encoding: .utf8)
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                executor: {workers: 1}
                stages:
                  prepare:
                    run: 'cat "$MODELBUILD_PROJECT/data/x.txt" > "$MODELBUILD_OUTPUT/value"'
                    deps: [data/*.txt]
                  other: {run: "true"}
                builds:
                  nightly: {}
                """)
            let first = try await project.build(["nightly"])
            #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")

            try "two\n".write(to: data.appendingPathComponent("x.txt"), atomically: true, encoding: .utf8)
            let plan = try await runModelbuild(["plan", "nightly"], in: project.directory)
            #expect(plan.standardOutput.contains("deps changed: data/x.txt"), "\(plan.standardOutput)")
            let edited = try await project.build(["nightly"])
            #expect(edited.status == 0, "\(edited.standardOutput)\(edited.standardError)")
            let journal = try project.journal(run: try #require(project.runIDs().last))
            #expect(journal.jobs("job.succeeded") == ["prepare"])
            #expect(journal.jobs("job.reused") == ["other"])
        }
    }
}
