import Foundation
import TestSupport
import Testing

/// The base version's model is read in the background from the moment a candidate knows
/// its base version: a model that cannot be read still fails the candidate where the
/// precheck asks for it, with the reading's own message, and a candidate that never asks
/// (a pull request that does not validate) never sees the error.
@Suite(.serialized) struct CandidateBaseModelTests {
    @Test func aBaseModelThatCannotBeReadFailsThePrecheckAndOnlyThePrecheck() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try await offThePool { () throws -> CandidateFixture in
                let fixture = try CandidateFixture.make(in: directory)
                try fixture.openPullRequest(42, title: "Add a haiku skill") {
                    try CandidateFixture.addLeaf($0, CandidateFixture.haiku, NightlyBuildTests.haikuLeaf)
                }
                try fixture.openPullRequest(45, title: "Add a broken leaf") {
                    try CandidateFixture.addLeaf($0, "compositional_skills/writing/broken", "version: 3\ncreated_by: someone\nseed_examples: []\n")
                }
                return fixture
            }
            let nightly = try await runModelbuild(["build", "nightly"], in: fixture.project)
            #expect(nightly.status == 0, "\(nightly.standardOutput)\(nightly.standardError)")
            let version = try #require(try await IncrementalBuildTests.publishedVersions(fixture.project).first)
            let config = fixture.project.appendingPathComponent("artifacts/lab-model/builds/\(version)/files/train/config.json")
            try await offThePool {
                // The published files and their folders are read-only.
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: config.deletingLastPathComponent().path)
                try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: config.path)
                try Data("{\"format\": 2, \"broken\n".utf8).write(to: config)
            }

            let nightlyRuns = try Self.runs(fixture)
            let failed = try await fixture.candidate(["42", "--no-publish"])
            #expect(failed.status == 1, "\(failed.output)")
            #expect(
                failed.output.contains("error: \(config.path): malformed model config: not valid JSON (line 1, column 22"),
                "\(failed.output)")
            // It failed at the precheck: the generate stages ran, nothing was trained.
            var succeeded: Set<String> = []
            for run in try Self.runs(fixture).subtracting(nightlyRuns) {
                let journal = try String(
                    contentsOf: fixture.project.appendingPathComponent(".modelbuild/runs/\(run)/journal.jsonl"), encoding: .utf8)
                for line in journal.split(separator: "\n") where line.contains("\"job.succeeded\"") {
                    let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                    if let job = record?["job"] as? String { succeeded.insert(job) }
                }
            }
            #expect(succeeded.contains("generate[\(CandidateFixture.haiku)]"), "\(succeeded)")
            #expect(!succeeded.contains("train"), "\(succeeded)")

            // A pull request that does not validate is judged without asking the model.
            let invalid = try await fixture.candidate(["45", "--no-publish"])
            #expect(invalid.status == 1, "\(invalid.output)")
            #expect(CandidateFixture.verdicts(invalid.report) == [45: "invalid"], "\(invalid.output)")
            #expect(!invalid.output.contains("malformed model config"), "\(invalid.output)")
        }
    }

    /// The project's runs, by id.
    private static func runs(_ fixture: CandidateFixture) throws -> Set<String> {
        Set(
            try FileManager.default.contentsOfDirectory(atPath: fixture.project.appendingPathComponent(".modelbuild/runs").path)
                .filter { !$0.hasPrefix(".") })
    }
}
