import Foundation
import TestSupport
import Testing

/// `--json` on every command that reports, in the shapes docs/json.md documents, and
/// `build --json` saying what it published and how the run went.
@Suite struct JSONCommandsTests {
    private static let config = """
        version: 1
        model: {name: lab-model}
        stages:
          train: {run: [sh, -c, "echo '::metric loss=0.25'; echo trained > \\"$MODELBUILD_OUTPUT/model.txt\\""]}
        builds:
          nightly: {schedule: "0 2 * * *"}
        """

    private func object(_ result: CommandResult) throws -> [String: Any] {
        try #require(result.standardOutput.split(separator: "\n").count == 1, "\(result.standardOutput)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    }

    @Test func buildSaysWhatItPublishedAndSummarisesTheRun() async throws {
        try await withTemporaryDirectory { directory in
            try Self.config.write(to: directory.appendingPathComponent("builds.yaml"), atomically: true, encoding: .utf8)
            let build = try await runModelbuild(["build", "nightly", "--json"], in: directory)
            #expect(build.status == 0, "\(build.standardError)")
            let events = try build.standardOutput.split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
            let publish = try #require(events.first { $0["event"] as? String == "publish" })
            #expect(publish["model"] as? String == "lab-model")
            #expect((publish["version"] as? String)?.hasPrefix("nightly-") == true)
            #expect(publish["refs"] as? [String] == ["latest", "nightly"])
            let last = try #require(events.last)
            #expect(last["event"] as? String == "run.finished")
            let summary = try #require(last["summary"] as? [String: Any])
            #expect(summary["stages"] as? Int == 1)
            #expect((summary["counts"] as? [String: Int])?["succeeded"] == 1)
            #expect(summary["criticalPath"] as? [String] == ["train"])

            let runs = try object(try await runModelbuild(["runs", "--json"], in: directory))
            let run = try #require((runs["runs"] as? [[String: Any]])?.first)
            #expect(run["status"] as? String == "succeeded")
            #expect(run["build"] as? String == "nightly")

            let status = try object(try await runModelbuild(["status", "--json"], in: directory))
            let job = try #require((status["jobs"] as? [[String: Any]])?.first)
            #expect(job["id"] as? String == "train")
            #expect((job["metrics"] as? [String: Double])?["loss"] == 0.25)

            let verify = try object(try await runModelbuild(["verify", "--json"], in: directory))
            #expect(verify["ok"] as? Bool == true)
            #expect(verify["failures"] as? [String] == [])

            let gc = try object(try await runModelbuild(["gc", "--dry-run", "--json"], in: directory))
            #expect(gc["dryRun"] as? Bool == true)
            #expect((gc["decisions"] as? [[String: Any]])?.first?["keep"] as? Bool == true)

            let prune = try object(try await runModelbuild(["prune", "--dry-run", "--json"], in: directory))
            #expect((prune["keptRuns"] as? [String])?.count == 1)

            let plugins = try object(try await runModelbuild(["plugins", "list", "--json"], in: directory))
            #expect(plugins["plugins"] as? [Any] != nil)

            let environment = ["MODELBUILD_SCHEDULE_NOW": "2026-11-27T01:00:00Z"]
            for flag in ["--status", "--next"] {
                let schedule = try object(
                    try await runModelbuild(["schedule", flag, "--json"], in: directory, environment: environment))
                let entry = try #require((schedule["builds"] as? [[String: Any]])?.first)
                #expect(entry["name"] as? String == "nightly")
                #expect(entry["schedule"] as? String == "0 2 * * *")
                #expect((entry["nextFires"] as? [String])?.first == "2026-11-27T02:00:00Z")
                #expect((schedule["scheduler"] as? [String: Any])?["running"] as? Bool == false)
            }
        }
    }
}
