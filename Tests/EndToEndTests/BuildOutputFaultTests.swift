import Foundation
import TestSupport
import Testing

/// Standard output that fails under a build — a full disk (`> /dev/full`), a reader that
/// went away (`| head -1`) — never stops the build: it runs to the end, records its run
/// as succeeded, exits as it would have, and says once on standard error that its
/// output was dropped.
@Suite struct BuildOutputFaultTests {
    private static let config = """
        version: 1
        model: {name: lab-model}
        executor: {workers: 2}
        stages:
          first: {run: [sh, "{stage}", first, "0"]}
          second: {run: [sh, "{stage}", second, "0"], needs: [first]}
          third: {run: [sh, "{stage}", third, "0"], needs: [second]}
        builds:
          nightly: {}
        """

    /// Runs `modelbuild build nightly` under `sh -c`, its standard output redirected as
    /// `redirect` says; returns the shell's result and modelbuild's own exit status.
    private func buildUnderShell(_ project: BuildProject, _ script: String) async throws -> (CommandResult, Int32?) {
        let status = project.directory.appendingPathComponent("status").path
        let result = try await runProgram(
            "/bin/sh", ["-c", script, modelbuildBinary, status], in: project.directory)
        let code = (try? String(contentsOfFile: status, encoding: .utf8))
            .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return (result, code)
    }

    @Test func aFullStandardOutputDoesNotStopTheBuild() async throws {
        try await withBuildProject { project in
            try project.writeConfig(Self.config)
            let (result, status) = try await buildUnderShell(
                project, #""$0" build nightly > /dev/full; echo $? > "$1""#)
            #expect(status == 0, "\(result.standardError)")
            #expect(result.standardError.contains("writing to standard output failed (No space left on device)"))
            #expect(result.standardError.components(separatedBy: "writing to standard output failed").count == 2)
            let journal = try project.onlyJournal()
            #expect(journal.finalStatus == "succeeded")
            #expect(journal.jobs("job.succeeded") == ["first", "second", "third"])
        }
    }

    @Test func aReaderThatStopsEarlyDoesNotStopTheBuild() async throws {
        try await withBuildProject { project in
            try project.writeConfig(Self.config)
            let (result, status) = try await buildUnderShell(
                project, #"{ "$0" build nightly; echo $? > "$1"; } | head -c 1"#)
            #expect(status == 0, "\(result.standardError)")
            let journal = try project.onlyJournal()
            #expect(journal.finalStatus == "succeeded")
            #expect(journal.jobs("job.succeeded") == ["first", "second", "third"])
        }
    }
}
