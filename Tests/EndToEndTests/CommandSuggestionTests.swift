import Foundation
import TestSupport
import Testing

/// Mistyped names get the same did-you-mean as builds.yaml's errors, and the internal
/// `stage run` stays out of the top-level help.
@Suite struct CommandSuggestionTests {
    @Test func aMistypedSubcommandSuggestsTheClosest() async throws {
        try await withTemporaryDirectory { directory in
            let result = try await runModelbuild(["biuld", "nightly"], in: directory)
            #expect(result.status == 2)
            #expect(
                result.standardError == "error: unknown command \"biuld\" (did you mean \"build\"?); modelbuild --help lists them\n")
        }
    }

    @Test func aMistypedForcedStageSuggestsTheClosest() async throws {
        try await withBuildProject { project in
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                stages:
                  train: {run: [sh, "{stage}", train, "0"]}
                  evaluate: {run: [sh, "{stage}", evaluate, "0"], needs: [train]}
                builds:
                  nightly: {}
                """)
            let result = try await project.build(["nightly", "--force", "tarin"])
            #expect(result.status == 2)
            #expect(result.standardError.contains("unknown stage \"tarin\" (did you mean \"train\"?)"), "\(result.standardError)")
        }
    }

    @Test func theInternalStageCommandIsHiddenFromTheHelp() async throws {
        try await withTemporaryDirectory { directory in
            let help = try await runModelbuild(["--help"], in: directory)
            #expect(help.status == 0)
            #expect(help.standardOutput.contains("  build "))
            #expect(!help.standardOutput.contains("  stage "), "\(help.standardOutput)")
            // Hidden, not removed: builds start it.
            let stageHelp = try await runModelbuild(["stage", "run", "--help"], in: directory)
            #expect(stageHelp.status == 0)
        }
    }

    /// The shell asks modelbuild itself (`---completion`, as the generated scripts do) for
    /// the project's build names, stage names and run ids.
    @Test func completionsComeFromTheProject() async throws {
        try await withBuildProject { project in
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                stages:
                  train: {run: [sh, "{stage}", train, "0"]}
                  evaluate: {run: [sh, "{stage}", evaluate, "0"], needs: [train]}
                builds:
                  nightly: {}
                  weekly: {}
                """)
            #expect(try await project.build(["nightly", "--no-publish"]).status == 0)
            func complete(_ arguments: [String]) async throws -> [String] {
                let result = try await runModelbuild(["---completion"] + arguments, in: project.directory)
                return result.standardOutput.split(separator: "\n").map(String.init)
            }
            #expect(try await complete(["build", "--", "positional@0", "2", "0"]) == ["nightly", "weekly"])
            #expect(try await complete(["build", "--", "positional@1", "3", "0"]) == ["train", "evaluate"])
            let run = try #require(try project.runIDs().last)
            #expect(try await complete(["status", "--", "positional@0", "2", "0"]) == [run])
        }
    }
}
