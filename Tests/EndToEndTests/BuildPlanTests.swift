import Foundation
import TestSupport
import Testing

/// `modelbuild plan` after builds: per stage instance, run or reuse, and for a run the
/// ingredient of the cache key that changed, exactly as `modelbuild build` then does it.
@Suite struct BuildPlanTests {
    private func config(seed: Int = 42, first: String = "echo one") -> String {
        """
        version: 1
        model: {name: lab-model}
        stages:
          a: {run: [sh, -c, "\(first)"]}
          b: {run: [sh, -c, "echo two"], needs: [a], with: {seed: \(seed)}}
          c: {run: [sh, -c, "echo three"], needs: [b]}
          d: {run: [sh, -c, "echo four"], foreach: [x, y]}
        builds:
          nightly: {}
        """
    }

    @Test func planSaysWhyEachStageRunsIngredientByIngredient() async throws {
        try await withBuildProject { project in
            try project.writeConfig(config())
            var plan = try await planDecisions(project)
            #expect(plan == everything("run: not built before"))
            #expect(!FileManager.default.fileExists(atPath: project.stateDirectory.path), "plan writes nothing")

            #expect(try await project.build(["nightly"]).status == 0)
            plan = try await planDecisions(project)
            #expect(plan == everything("reuse"))

            // A parameter: the stage says which and how; its dependant, that its input changed.
            try project.writeConfig(config(seed: 7))
            plan = try await planDecisions(project)
            #expect(
                plan == [
                    "a": "reuse", "b": "run: params.seed: 42 → 7", "c": "run: input b changed",
                    "d[x]": "reuse", "d[y]": "reuse",
                ])
            // The build does what the plan said.
            #expect(try await project.build(["nightly"]).status == 0)
            let journal = try project.journal(run: try #require(try project.runIDs().last))
            #expect(journal.jobs("job.succeeded") == ["b", "c"])
            #expect(journal.jobs("job.reused") == ["a", "d[x]", "d[y]"])
            #expect(try await planDecisions(project) == everything("reuse"))

            // A need's command: the need's implementation changed, and the change ripples down.
            try project.writeConfig(config(seed: 7, first: "echo uno"))
            plan = try await planDecisions(project)
            #expect(
                plan == [
                    "a": "run: implementation changed: command sh -c echo one → command sh -c echo uno",
                    "b": "run: input a changed", "c": "run: input b changed", "d[x]": "reuse", "d[y]": "reuse",
                ])
            let json = try await planJSON(project, ["--json"])
            #expect(json["a"]?.decision == "run")
            #expect(json["a"]?.reasons == ["implementation changed: command sh -c echo one → command sh -c echo uno"])
            #expect(json["b"]?.reasons == ["input a changed"])
            #expect(json["d[x]"]?.decision == "reuse")
            #expect(json["d[x]"]?.reasons == [])

            // Forced: only the named stage, whatever the store holds.
            try project.writeConfig(config(seed: 7))
            #expect(try await planDecisions(project) == everything("reuse"))
            plan = try await planDecisions(project, ["--force", "b"])
            #expect(plan == ["a": "reuse", "b": "run: forced", "c": "reuse", "d[x]": "reuse", "d[y]": "reuse"])
            plan = try await planDecisions(project, ["--force"])
            #expect(plan == everything("reuse"))
            plan = try await planDecisions(project, ["--no-cache"])
            #expect(plan == everything("run: forced"))
            #expect(try await planJSON(project, ["--json", "--force", "d"])["d[y]"]?.reasons == ["forced"])

            // Same key, but its outputs are gone from the store.
            let key = try #require(journal.first("job.succeeded", job: "c")?.cacheKey)
            try FileManager.default.removeItem(
                at: project.storeDirectory.appendingPathComponent("entries/\(key).json"))
            #expect(try await planDecisions(project)["c"] == "run: outputs not in the store")
        }
    }

    @Test func planShowsLayersAndInstancesAndRejectsStageNamesWithoutForce() async throws {
        try await withBuildProject { project in
            try project.writeConfig(config())
            let result = try await runModelbuild(["plan", "nightly"], in: project.directory)
            #expect(result.status == 0, "\(result.standardError)")
            let lines = result.standardOutput.split(separator: "\n").map(String.init)
            #expect(lines.first == "build nightly (nightly): 4 stages in 3 layers, 5 to run, 0 reused")
            #expect(lines.dropFirst().map { $0.split(separator: " ").first.map(String.init) ?? "" } == [
                "1", "1", "d[x]", "d[y]", "2", "3",
            ])
            let unknown = try await runModelbuild(["plan", "nightly", "--force", "nope"], in: project.directory)
            #expect(unknown.status == 2)
            #expect(unknown.standardError.contains(#"--force names unknown stage "nope""#))
            let withoutForce = try await runModelbuild(["plan", "nightly", "b"], in: project.directory)
            #expect(withoutForce.status == 2)
        }
    }

    private func everything(_ decision: String) -> [String: String] {
        Dictionary(uniqueKeysWithValues: ["a", "b", "c", "d[x]", "d[y]"].map { ($0, decision) })
    }

    /// Stage instance → its decision column (`reuse`, `run: reason; reason`).
    private func planDecisions(_ project: BuildProject, _ arguments: [String] = []) async throws -> [String: String] {
        let result = try await runModelbuild(["plan", "nightly"] + arguments, in: project.directory)
        try #require(result.status == 0, "\(result.standardError)")
        var decisions: [String: String] = [:]
        for line in result.standardOutput.split(separator: "\n").dropFirst() {
            // Columns are separated by two spaces or more; a stage line starts with its layer.
            let columns = line.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            guard columns.count >= 2 else { continue }
            let id = Int(columns[0]) == nil ? columns[0] : columns[1]
            guard let decision = columns.last, decision.hasPrefix("run") || decision == "reuse" else { continue }
            decisions[id] = decision
        }
        return decisions
    }

    private struct JSONDecision {
        var decision: String
        var reasons: [String]
    }

    /// Stage instance → decision and reasons, from `plan --json`.
    private func planJSON(_ project: BuildProject, _ arguments: [String]) async throws -> [String: JSONDecision] {
        let result = try await runModelbuild(["plan", "nightly"] + arguments, in: project.directory)
        try #require(result.status == 0, "\(result.standardError)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let layers = try #require(object["layers"] as? [[[String: Any]]])
        var decisions: [String: JSONDecision] = [:]
        for stage in layers.joined() {
            for job in try #require(stage["jobs"] as? [[String: Any]]) {
                let id = try #require(job["id"] as? String)
                decisions[id] = JSONDecision(
                    decision: try #require(job["decision"] as? String), reasons: try #require(job["reasons"] as? [String]))
            }
        }
        return decisions
    }
}
