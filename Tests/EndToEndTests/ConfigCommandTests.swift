import Foundation
import TestSupport
import Testing

/// `modelbuild validate` and `modelbuild plan` as a person runs them.
@Suite struct ConfigCommandTests {
    @Test func validateAcceptsTheRepositoryConfig() async throws {
        let result = try await runModelbuild(["validate"], in: packageRoot)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("builds.yaml: ok"))
    }

    @Test func validatePrintsEveryErrorLikeACompilerAndExitsTwo() async throws {
        try await withTemporaryDirectory { directory in
            let text = """
                version: 1
                model: {name: lab-model}
                stages:
                  generate: {uses: builtin/generate, needs: [validate]}
                  train: {uses: builtin/train, needs: [genrate], timeout: soon}
                builds:
                  nightly: {schedule: "0 2 * *"}
                """
            try text.write(to: directory.appendingPathComponent("builds.yaml"), atomically: true, encoding: .utf8)
            let result = try await runModelbuild(["validate"], in: directory)
            #expect(result.status == 2)
            #expect(
                result.standardError == """
                    builds.yaml:4:46: error: stages.generate.needs: unknown stage "validate"
                    builds.yaml:5:40: error: stages.train.needs: unknown stage "genrate" (did you mean "generate"?)
                    builds.yaml:5:59: error: stages.train.timeout: "soon" is not a duration (write it like 30s, 6h, 1h30m or 500ms)
                    builds.yaml:7:23: error: builds.nightly.schedule: invalid cron expression "0 2 * *": expected 5 fields (minute hour day-of-month month day-of-week), found 4
                    4 errors

                    """)
        }
    }

    @Test func missingConfigIsAConfigurationError() async throws {
        try await withTemporaryDirectory { directory in
            let result = try await runModelbuild(["validate", "--config", "nowhere.yaml"], in: directory)
            #expect(result.status == 2)
            #expect(result.standardError.hasPrefix("nowhere.yaml:1:1: error: configuration file does not exist"))
        }
    }

    @Test func planPrintsLayersInRunOrder() async throws {
        try await withTemporaryDirectory { directory in
            let project = try NightlyBuildTests.makeProject(in: directory)
            let result = try await runModelbuild(["plan", "nightly"], in: project)
            #expect(result.status == 0, "\(result.standardError)")
            let lines = result.standardOutput.split(separator: "\n")
            #expect(lines.first?.hasPrefix("build nightly (nightly): ") == true)
            // Stage lines start with their layer number; foreach instances are indented below.
            let order = lines.dropFirst().map { $0.split(separator: " ") }.filter { $0.first?.allSatisfy(\.isNumber) == true }
                .compactMap { $0.dropFirst().first }.map(String.init)
            #expect(order.starts(with: ["validate", "generate", "train", "safety", "evaluate"]))
        }
    }

    @Test func planAsJSON() async throws {
        try await withTemporaryDirectory { directory in
            let project = try NightlyBuildTests.makeProject(in: directory)
            let result = try await runModelbuild(["plan", "nightly", "--json"], in: project)
            #expect(result.status == 0)
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
            #expect(object["build"] as? String == "nightly")
            let layers = try #require(object["layers"] as? [[[String: Any]]])
            #expect(layers.first?.first?["name"] as? String == "validate")
        }
    }

    @Test func usageErrorsExitTwo() async throws {
        let unknownBuild = try await runModelbuild(["plan", "nighty"], in: packageRoot)
        #expect(unknownBuild.status == 2)
        #expect(unknownBuild.standardError.contains(#"unknown build "nighty" (did you mean "nightly"?)"#))
        let missingArgument = try await runModelbuild(["plan"], in: packageRoot)
        #expect(missingArgument.status == 2)
        let unknownOption = try await runModelbuild(["validate", "--frobnicate"], in: packageRoot)
        #expect(unknownOption.status == 2)
    }

    @Test func helpAndVersion() async throws {
        let help = try await runModelbuild(["--help"], in: packageRoot)
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("Exit status: 0 success; 1 a build or a check failed"))
        let version = try await runModelbuild(["--version"], in: packageRoot)
        #expect(version.status == 0)
        #expect(!version.standardOutput.isEmpty)
    }
}
