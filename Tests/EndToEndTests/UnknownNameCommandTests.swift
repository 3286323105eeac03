import Foundation
import TestSupport
import Testing

/// Asking for a run, version or stage that is not there is a usage error: exit status 2
/// and a message that says what is missing.
@Suite struct UnknownNameCommandTests {
    static let config = """
        version: 1
        model: {name: lab-model}
        stages:
          validate: {uses: builtin/validate}
        builds:
          nightly: {}

        """

    private func inProject(_ body: (URL) async throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            try Self.config.write(to: directory.appendingPathComponent("builds.yaml"), atomically: true, encoding: .utf8)
            try await body(directory)
        }
    }

    @Test func logsOfAnUnknownRun() async throws {
        try await inProject { directory in
            let result = try await runModelbuild(["logs", "20261127T021300", "generate"], in: directory)
            #expect(result.status == 2)
            #expect(result.standardError == "error: no run \"20261127T021300\" (modelbuild runs lists them)\n")
        }
    }

    @Test func logsAndStatusOfAnUnknownStageOrRun() async throws {
        try await inProject { directory in
            let run = directory.appendingPathComponent(".modelbuild/runs/20261127T021300.000Z-abc123")
            try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
            try Data().write(to: run.appendingPathComponent("journal.jsonl"))
            let logs = try await runModelbuild(["logs", "20261127T0213", "genrate"], in: directory)
            #expect(logs.status == 2)
            #expect(logs.standardError == "error: run 20261127T021300.000Z-abc123 has no stage \"genrate\" (it recorded none)\n")
            let status = try await runModelbuild(["status", "20261128"], in: directory)
            #expect(status.status == 2)
            #expect(status.standardError == "error: no run \"20261128\" (modelbuild runs lists them)\n")
        }
    }

    @Test func verifyOfAnUnknownVersion() async throws {
        try await inProject { directory in
            let result = try await runModelbuild(["verify", "9.9.9"], in: directory)
            #expect(result.status == 2)
            #expect(result.standardError.hasPrefix("error: no version \"9.9.9\" in "))
            #expect(result.standardError.hasSuffix("(nothing is published yet)\n"))
        }
    }

    @Test func runOfAnUnknownStage() async throws {
        try await inProject { directory in
            let result = try await runModelbuild(["stage", "run", "builtin/genrate", "--context", "context.json"], in: directory)
            #expect(result.status == 2)
            #expect(
                result.standardError
                    == "error: unknown built-in stage \"builtin/genrate\" (did you mean \"builtin/generate\"?) (built-ins: builtin/validate, builtin/generate, builtin/train, builtin/evaluate)\n"
            )
        }
    }
}
