import Foundation
import TestSupport
import Testing

/// `modelbuild logs [RUN] STAGE`: the latest run by default, every instance of a foreach
/// stage under a header, `(no output)` for an empty log, protocol lines only with --raw.
@Suite struct LogsCommandTests {
    private func withBuiltProject(_ body: (BuildProject) async throws -> Void) async throws {
        try await withBuildProject { project in
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                stages:
                  generate: {run: [sh, -c, "echo generating $MODELBUILD_ITEM"], foreach: [alpha, beta]}
                  train: {run: [sh, -c, "echo loading; echo '::progress 0.5 half'; echo '::metric loss=0.1'; echo saved"]}
                  quiet: {run: [sh, -c, "true"]}
                builds:
                  nightly: {}
                """)
            let build = try await project.build(["nightly", "--no-publish"])
            try #require(build.status == 0, "\(build.standardOutput)\(build.standardError)")
            try await body(project)
        }
    }

    @Test func aStageNameAloneReadsTheLatestRunWithoutProtocolLines() async throws {
        try await withBuiltProject { project in
            let result = try await runModelbuild(["logs", "train"], in: project.directory)
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardOutput == "loading\nsaved\n")
            let raw = try await runModelbuild(["logs", "train", "--raw"], in: project.directory)
            #expect(raw.standardOutput == "loading\n::progress 0.5 half\n::metric loss=0.1\nsaved\n")
            let run = try #require(try project.runIDs().last)
            let byRun = try await runModelbuild(["logs", String(run.prefix(12)), "train"], in: project.directory)
            #expect(byRun.standardOutput == "loading\nsaved\n", "\(byRun.standardError)")
        }
    }

    @Test func aForeachStageShowsEveryInstanceUnderAHeader() async throws {
        try await withBuiltProject { project in
            let result = try await runModelbuild(["logs", "generate"], in: project.directory)
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardOutput.contains("==> generate[alpha] <==\n"), "\(result.standardOutput)")
            #expect(result.standardOutput.contains("==> generate[beta] <==\n"))
            let one = try await runModelbuild(["logs", "generate[beta]"], in: project.directory)
            #expect(!one.standardOutput.contains("==>"))
        }
    }

    @Test func anEmptyLogSaysSo() async throws {
        try await withBuiltProject { project in
            let result = try await runModelbuild(["logs", "quiet"], in: project.directory)
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardOutput == "(no output)\n")
        }
    }
}
