import Foundation
import TestSupport
import Testing

/// A failed stage's last log lines travel with its failure: under it in plain output,
/// as `logTail` in the `job.failed` JSON event. `--progress` picks the output.
@Suite struct FailureLogTailTests {
    private static let failing = """
        version: 1
        model: {name: lab-model}
        stages:
          fail-late: {run: [sh, -c, "for i in $(seq 1 30); do echo line $i; done; echo '::progress 0.5 half'; echo CUDA out of memory; exit 3"]}
          quiet-fail: {run: [sh, -c, "exit 4"]}
        builds:
          nightly: {}
        """

    @Test(arguments: [[String](), ["--progress", "plain"]])
    func plainOutputShowsTheLastTwentyLogLinesUnderTheFailure(arguments: [String]) async throws {
        try await withBuildProject { project in
            try project.writeConfig(Self.failing)
            let result = try await project.build(["nightly", "--no-publish"] + arguments)
            #expect(result.status == 1)
            let lines = result.standardOutput.split(separator: "\n").map(String.init)
            let failure = try #require(lines.firstIndex { $0.contains("failed    fail-late") }, "\(result.standardOutput)")
            let tail = lines[(failure + 1)...].prefix { $0.hasPrefix("    │ ") }
            #expect(tail.count == 20, "\(result.standardOutput)")
            #expect(tail.last == "    │ CUDA out of memory")
            #expect(!tail.contains { $0.contains("::progress") })
            let quiet = try #require(lines.firstIndex { $0.contains("failed    quiet-fail") })
            #expect(lines[quiet + 1] == "    (no output)")
        }
    }

    @Test(arguments: [["--json"], ["--progress", "json"]])
    func theJobFailedEventCarriesTheLogTail(arguments: [String]) async throws {
        try await withBuildProject { project in
            try project.writeConfig(Self.failing)
            let result = try await project.build(["nightly", "--no-publish"] + arguments)
            #expect(result.status == 1)
            let failed = try result.standardOutput.split(separator: "\n").compactMap { line in
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            }.filter { $0["event"] as? String == "job.failed" }
            let late = try #require(failed.first { $0["job"] as? String == "fail-late" }, "\(result.standardOutput)")
            let tail = try #require(late["logTail"] as? [String])
            #expect(tail.count == 20)
            #expect(tail.last == "CUDA out of memory")
            #expect(failed.first { $0["job"] as? String == "quiet-fail" }?["logTail"] as? [String] == [])
        }
    }
}
