import Foundation
import TestSupport
import Testing

/// `modelbuild build --json`: one JSON object a line, for programs, from `run.started`
/// to `run.finished`, the same records as the journal.
@Suite struct BuildEventStreamTests {
    private static let config = """
        version: 1
        model: {name: lab-model}
        executor: {workers: 2}
        stages:
          first: {run: [sh, -c, 'echo "::progress 0.5 half way"; echo "::metric loss=0.25"']}
          second: {run: [sh, -c, "true"], needs: [first]}
          broken: {run: [sh, -c, "exit 4"]}
        builds:
          nightly: {}
        """

    @Test(arguments: [false, true])
    func everyLineIsAJSONEventEndingWithRunFinished(failing: Bool) async throws {
        try await withBuildProject { project in
            let config = failing ? Self.config : Self.config.replacingOccurrences(of: "exit 4", with: "exit 0")
            try project.writeConfig(config)
            let result = try await project.build(["nightly", "--json"])
            #expect(result.status == (failing ? 1 : 0), "\(result.standardError)")
            let events = try parseLines(result.standardOutput)
            #expect(events.first?["event"] as? String == "run.started")
            #expect(events.last?["event"] as? String == "run.finished")
            #expect(events.last?["status"] as? String == (failing ? "failed" : "succeeded"))
            #expect(events.allSatisfy { $0["time"] is String })

            // The stream carries the journal's records, in the journal's order, and the
            // publish event (not a journal record) just before run.finished.
            let journal = try project.onlyJournal()
            let names = events.compactMap { $0["event"] as? String }
            #expect(names.filter { $0 != "publish" } == journal.lines.map(\.event))
            if !failing { #expect(names.dropLast().last == "publish") }
            let progress = try #require(events.first { $0["event"] as? String == "job.progress" })
            #expect(progress["job"] as? String == "first")
            #expect(progress["message"] as? String == "half way")
            let metric = try #require(events.first { $0["event"] as? String == "job.metric" })
            #expect(metric["name"] as? String == "loss")
            #expect(metric["value"] as? Double == 0.25)
        }
    }

    /// A build with nothing to run still streams a whole run of reused stages.
    @Test func aFullyCachedBuildStreamsReusedStages() async throws {
        try await withBuildProject { project in
            try project.writeConfig(Self.config.replacingOccurrences(of: "exit 4", with: "exit 0"))
            #expect(try await project.build(["nightly"]).status == 0)
            let result = try await project.build(["nightly", "--json"])
            #expect(result.status == 0, "\(result.standardError)")
            let events = try parseLines(result.standardOutput)
            let reused = events.filter { $0["event"] as? String == "job.reused" }.compactMap { $0["job"] as? String }
            #expect(Set(reused) == ["first", "second", "broken"])
            #expect(events.last?["event"] as? String == "run.finished")
        }
    }

    private func parseLines(_ text: String) throws -> [[String: Any]] {
        #expect(text.hasSuffix("\n"))
        return try text.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try #require(object as? [String: Any], "not a JSON object: \(line)")
        }
    }
}
