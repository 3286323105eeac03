import Foundation
import TestSupport
import Testing

/// The out-of-the-box nightly: the sample taxonomy built end to end by the real binary.
@Suite(.serialized) struct NightlyBuildTests {
    /// The documented floor for held-out token F1 of the built-in model on the sample
    /// taxonomy (measured 1.0; see README "Built-in stages").
    static let f1Floor = 0.8

    /// A project folder with the repository's builds.yaml pointed at a fresh sample
    /// taxonomy repository in `directory`.
    static func makeProject(in directory: URL) throws -> URL {
        let taxonomy = directory.appendingPathComponent("taxonomy")
        let made = try SpawnedProcess.run(
            packageRoot.appendingPathComponent("scripts/sample-taxonomy").path, [taxonomy.path],
            environment: ProcessInfo.processInfo.environment)
        guard made.status == 0 else { throw ProcessFailure(description: made.standardError) }
        let project = directory.appendingPathComponent("project")
        try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
        let config = try String(contentsOf: packageRoot.appendingPathComponent("builds.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "url: .modelbuild/sample-taxonomy", with: "url: \(taxonomy.path)")
        try config.write(to: project.appendingPathComponent("builds.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            at: packageRoot.appendingPathComponent("plugins"), to: project.appendingPathComponent("plugins"))
        return project
    }

    /// The journal records of the latest run, as JSON objects.
    static func latestJournal(_ project: URL) throws -> [[String: Any]] {
        let runs = project.appendingPathComponent(".modelbuild/runs")
        let latest = try #require(try FileManager.default.contentsOfDirectory(atPath: runs.path).sorted().last)
        let text = try String(
            contentsOf: runs.appendingPathComponent(latest).appendingPathComponent("journal.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    static func jobs(_ records: [[String: Any]], event: String) -> Set<String> {
        Set(records.filter { $0["event"] as? String == event }.compactMap { $0["job"] as? String })
    }

    /// The metrics of the evaluate stage's result.json in the latest run, as its store
    /// entry records them.
    static func evaluation(_ project: URL, _ records: [[String: Any]]) throws -> [String: Double] {
        let key = try #require(
            records.first { $0["job"] as? String == "evaluate" && $0["event"] as? String == "job.queued" }?["cacheKey"]
                as? String)
        let entry = project.appendingPathComponent(".modelbuild/store/entries/\(key).json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: entry)) as? [String: Any])
        return try #require(object["metrics"] as? [String: Double])
    }

    /// The knowledge leaf's document, served from the local sample documents repository,
    /// is in the snapshot under `<leaf>/documents/`, and generate cut it into passages.
    static func expectDocumentsReachGenerate(_ project: URL, leaf: String) throws {
        let opening = "This document describes one build of modelbuild, from the taxonomy to a published"
        let snapshots = project.appendingPathComponent(".modelbuild/snapshots")
        let snapshot = try #require(
            try FileManager.default.contentsOfDirectory(atPath: snapshots.path).first { $0.hasSuffix("-v3") })
        let document = snapshots.appendingPathComponent("\(snapshot)/\(leaf)/documents/01-pipeline.md")
        #expect(try String(contentsOf: document, encoding: .utf8).contains(opening))

        // The stored outputs: each entry lists its files with the blob holding each.
        let store = project.appendingPathComponent(".modelbuild/store")
        let suffix = "leaves/\(leaf)/documents.jsonl"
        var passages: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: store.appendingPathComponent("entries").path)
        where name.hasSuffix(".json") {
            let entry = try JSONSerialization.jsonObject(
                with: Data(contentsOf: store.appendingPathComponent("entries/" + name))) as? [String: Any]
            for case let (path, file as [String: Any]) in entry?["files"] as? [String: Any] ?? [:] where path.hasSuffix(suffix) {
                let blob = store.appendingPathComponent("blobs/sha256/" + (file["sha256"] as? String ?? ""))
                passages.append(try String(contentsOf: blob, encoding: .utf8))
            }
        }
        #expect(!passages.isEmpty, "no \(suffix) in the build's outputs")
        #expect(passages.allSatisfy { $0.contains(opening) && $0.contains("\"pretraining\"") })
    }

    @Test func nightlyBuildsTheSampleTaxonomyThenOnlyWhatChanged() async throws {
        try await withTemporaryDirectory { directory in
            let project = try Self.makeProject(in: directory)

            let first = try await runModelbuild(["build", "nightly"], in: project)
            #expect(first.status == 0, "\(first.standardOutput)\n\(first.standardError)")
            #expect(first.standardOutput.contains("build nightly succeeded"))
            let firstRecords = try Self.latestJournal(project)
            #expect(Self.jobs(firstRecords, event: "job.succeeded").count == 15, "6 leaves: generate and safety each")
            let metrics = try Self.evaluation(project, firstRecords)
            #expect(try #require(metrics["f1"]) >= Self.f1Floor)
            try Self.expectDocumentsReachGenerate(project, leaf: "knowledge/software/modelbuild/pipeline")

            let second = try await runModelbuild(["build", "nightly"], in: project)
            #expect(second.status == 0)
            #expect(second.standardOutput.contains("no new merged commits since"))

            let forced = try await runModelbuild(["build", "nightly", "--force"], in: project)
            #expect(forced.status == 0)
            #expect(Self.jobs(try Self.latestJournal(project), event: "job.reused").count == 15)

            // A contributor's pull request adds one leaf.
            let taxonomy = GitFixture(existingAt: directory.appendingPathComponent("taxonomy"))
            try taxonomy.git("checkout", "--quiet", "-b", "contributor/haiku")
            let leaf = "compositional_skills/writing/haiku"
            try taxonomy.write("\(leaf)/qna.yaml", Self.haikuLeaf)
            try taxonomy.write("\(leaf)/attribution.txt", "Title of work: haiku\nLicense of the work: CC-BY-4.0\nCreator names: test\n")
            try taxonomy.commitAll("Add a haiku skill")
            try taxonomy.git("checkout", "--quiet", "main")
            try taxonomy.mergeNoFastForward("contributor/haiku", message: "Merge pull request #42 from contributor/haiku")

            let third = try await runModelbuild(["build", "nightly"], in: project)
            #expect(third.status == 0, "\(third.standardOutput)\n\(third.standardError)")
            #expect(third.standardOutput.contains("#42 Merge pull request #42 from contributor/haiku"))
            let records = try Self.latestJournal(project)
            #expect(
                Self.jobs(records, event: "job.succeeded") == [
                    "validate", "generate[\(leaf)]", "safety[\(leaf)]", "train", "evaluate",
                ])
            #expect(Self.jobs(records, event: "job.reused").count == 12)
            let after = try Self.evaluation(project, records)
            let leafF1 = try #require(after["leaf.\(leaf).f1"])
            let leafBase = try #require(after["leaf.\(leaf).base_f1"])
            #expect(leafF1 > leafBase)
        }
    }

    @Test func anInvalidLeafStopsTheBuildAtValidateWithLocatedErrors() async throws {
        try await withTemporaryDirectory { directory in
            let project = try Self.makeProject(in: directory)
            // A nightly skips invalid leaves by default (SkippedLeavesBuildTests); this one fails.
            let config = project.appendingPathComponent("builds.yaml")
            try String(contentsOf: config, encoding: .utf8)
                .replacingOccurrences(of: "  branch: main\n", with: "  branch: main\n  on_invalid: fail\n")
                .write(to: config, atomically: true, encoding: .utf8)
            let taxonomy = GitFixture(existingAt: directory.appendingPathComponent("taxonomy"))
            try taxonomy.write("compositional_skills/writing/broken/qna.yaml", "version: 3\ncreated_by: someone\nseed_examples: []\n")
            try taxonomy.write("compositional_skills/writing/broken/attribution.txt", "Title of work: x\n")
            try taxonomy.commitAll("Add a broken leaf (#7)")
            let result = try await runModelbuild(["build", "nightly"], in: project)
            #expect(result.status == 1)
            #expect(result.standardOutput.contains("failed    validate"))
            let runs = project.appendingPathComponent(".modelbuild/runs")
            let latest = try #require(try FileManager.default.contentsOfDirectory(atPath: runs.path).sorted().last)
            let log = try String(
                contentsOf: runs.appendingPathComponent("\(latest)/logs/validate.1.log"), encoding: .utf8)
            #expect(log.contains("ERROR: compositional_skills/writing/broken/qna.yaml:1:1"))
            #expect(log.contains("'task_description' is a required property"))
        }
    }

    static let haikuLeaf = """
        version: 3
        created_by: contributor
        task_description: Write a haiku about a build system topic.
        seed_examples:
          - question: Write a haiku about a nightly build.
            answer: Merges settle at dusk, the pipeline hums till dawn, a fresh model wakes.
          - question: Write a haiku about a failing test.
            answer: Red line in the log, one assertion stands alone, coffee grows colder.
          - question: Write a haiku about a cache hit.
            answer: Nothing to rebuild, the key already remembered, seconds saved like leaves.
          - question: Write a haiku about a merge conflict.
            answer: Two hands wrote one line, the markers split the meadow, choose and carry on.
          - question: Write a haiku about a release tag.
            answer: Version carved in stone, signatures dry in the wind, users pull at noon.

        """
}
