import Foundation
import TestSupport
import Testing

/// `modelbuild schedule --once` with a build of kind candidate (issue 15 items 7 and 8):
/// a pull request's head, pushed to `refs/pull/42/head` of a bare repository, is built
/// into a candidate once it stayed quiet, once per head, with its report POSTed to a
/// webhook on 127.0.0.1; the nightly that merges it names the candidate it confirms.
@Suite(.serialized) struct CandidateTriggerTests {
    @Test func aQuietPullRequestHeadIsBuiltOnceReportedAndConfirmedByTheNightlyThatMergesIt() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try await offThePool { try CandidateFixture.make(in: directory) }
            let webhook = try LoopbackHTTPServer()
            defer { webhook.stop() }
            try Self.addPullRequestBuild(
                to: fixture, webhook: webhook, settings: "trigger: {on_pull_request: {quiet: 10m, max_parallel: 2}}")
            let nightly = try await runModelbuild(["build", "nightly"], in: fixture.project)
            #expect(nightly.status == 0, "\(nightly.standardOutput)\(nightly.standardError)")
            let refused = try await runModelbuild(["build", "pull-requests"], in: fixture.project)
            #expect(refused.status == 2 && refused.standardError.contains("is of kind candidate"), "\(refused.standardError)")
            try await offThePool {
                try fixture.openPullRequest(42, title: "Add a haiku skill") {
                    try CandidateFixture.addLeaf($0, CandidateFixture.haiku, NightlyBuildTests.haikuLeaf)
                }
            }
            let first = try await offThePool { try fixture.work.id("pr-42").hex }
            let once = { (time: String) in
                try await runModelbuild(
                    ["schedule", "--once"], in: fixture.project, environment: ["MODELBUILD_SCHEDULE_NOW": "2026-12-07T\(time)Z"])
            }

            // Seen at 10:00, quiet until 10:10: nothing is built before.
            let seen = try await once("10:00:00")
            #expect(seen.status == 0, "\(seen.standardOutput)\(seen.standardError)")
            #expect(
                seen.standardOutput.contains(
                    "pull-requests: pull request #42 is at \(first.prefix(12)); builds its candidate at 2026-12-07 10:10 UTC"),
                "\(seen.standardOutput)")
            let early = try await once("10:09:00")
            #expect(!early.standardOutput.contains("fired"), "\(early.standardOutput)")
            #expect(webhook.received.isEmpty)

            // Quiet: one candidate, its report POSTed.
            let built = try await once("10:11:00")
            #expect(built.status == 0, "\(built.standardOutput)\(built.standardError)")
            let firstID = "pr-42-\(first.prefix(8))"
            #expect(built.standardOutput.contains("candidate \(firstID): #42 improves"), "\(built.standardOutput)")
            #expect(webhook.received.count == 1)
            let body = try #require(try JSONSerialization.jsonObject(with: webhook.received[0].body) as? [String: Any])
            #expect(body["pullRequest"] as? Int == 42 && body["candidate"] as? String == firstID && body["status"] as? String == "succeeded")
            let report = try #require(body["report"] as? [String: Any])
            #expect(CandidateFixture.verdicts(report) == [42: "improves"])
            #expect(CandidateFixture.pullRequests(report).first?["head"] as? String == first)
            #expect(FileManager.default.fileExists(
                atPath: fixture.project.appendingPathComponent("artifacts/lab-model/candidates/\(firstID)/report.json").path))

            let status = try await runModelbuild(["schedule", "--status"], in: fixture.project)
            #expect(status.standardOutput.contains("pull-requests: candidates of pull requests as their heads move"), "\(status.standardOutput)")
            #expect(status.standardOutput.contains("#42:      at \(first.prefix(12)), tried \(first.prefix(12)) (\(firstID))"), "\(status.standardOutput)")

            let json = try await runModelbuild(["schedule", "--status", "--json"], in: fixture.project)
            let overview = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
            let entry = try #require((overview["builds"] as? [[String: Any]])?.first { $0["name"] as? String == "pull-requests" })
            #expect(entry["onPullRequest"] as? Bool == true)
            let tracked = (entry["pullRequests"] as? [String: [String: Any]])?["42"]
            #expect(tracked?["triedHead"] as? String == first && tracked?["candidate"] as? String == firstID)

            // Unchanged: not built again.
            let unchanged = try await once("10:30:00")
            #expect(!unchanged.standardOutput.contains("fired"), "\(unchanged.standardOutput)")
            #expect(webhook.received.count == 1)

            // Moved: built again once quiet.
            try await offThePool {
                try fixture.work.git("checkout", "--quiet", "pr-42")
                try CandidateFixture.addLeaf(
                    fixture.work, CandidateFixture.haiku,
                    NightlyBuildTests.haikuLeaf.replacingOccurrences(of: "a fresh model wakes", with: "a new model wakes"))
                try fixture.work.commitAll("Reword the nightly haiku")
                try fixture.work.git("push", "--quiet", fixture.remote.path, "pr-42:refs/pull/42/head")
                try fixture.work.git("checkout", "--quiet", "main")
            }
            let second = try await offThePool { try fixture.work.id("pr-42").hex }
            let moved = try await once("10:31:00")
            #expect(moved.standardOutput.contains("pull request #42 is at \(second.prefix(12))"), "\(moved.standardOutput)")
            let rebuilt = try await once("10:42:00")
            let secondID = "pr-42-\(second.prefix(8))"
            #expect(rebuilt.standardOutput.contains("candidate \(secondID): #42"), "\(rebuilt.standardOutput)")
            #expect(webhook.received.count == 2)

            // Merged unchanged, the next nightly names the candidate of the head it merged
            // (not the first one, whose leaf differs).
            try await offThePool { try fixture.merge(42) }
            let merged = try await runModelbuild(["build", "nightly"], in: fixture.project)
            #expect(merged.status == 0, "\(merged.standardOutput)\(merged.standardError)")
            let confirming = try confirmingManifests(fixture.project)
            #expect(confirming.count == 1)
            let confirmed = try #require(confirming.first?.manifest["confirmsCandidates"] as? [[String: Any]])
            #expect(confirmed.count == 1)
            #expect(confirmed.first?["candidate"] as? String == secondID)
            #expect(confirmed.first?["pullRequest"] as? Int == 42 && confirmed.first?["head"] as? String == second)
            let page = try String(
                contentsOf: fixture.project.appendingPathComponent("artifacts/lab-model/builds/\(confirming[0].version)/index.html"),
                encoding: .utf8)
            #expect(page.contains("id=\"confirms-\(secondID)\""), "\(page)")
        }
    }

    @Test func twoPullRequestsBuildAtOnceAndAnInvalidHeadIsNotRetriedUntilItMoves() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try await offThePool { try CandidateFixture.make(in: directory) }
            let webhook = try LoopbackHTTPServer()
            defer { webhook.stop() }
            try Self.addPullRequestBuild(
                to: fixture, webhook: webhook, settings: "base: nightly\n    trigger: {on_pull_request: {quiet: 1m, max_parallel: 2}}")
            let nightly = try await runModelbuild(["build", "nightly"], in: fixture.project)
            #expect(nightly.status == 0, "\(nightly.standardOutput)\(nightly.standardError)")
            try await offThePool {
                try fixture.openPullRequest(41, title: "Add a haiku skill") {
                    try CandidateFixture.addLeaf($0, CandidateFixture.haiku, NightlyBuildTests.haikuLeaf)
                }
                try fixture.openPullRequest(42, title: "Add a broken skill") {
                    try CandidateFixture.addLeaf($0, "compositional_skills/writing/broken", "version: 3\ncreated_by: x\n")
                }
            }
            let once = { (time: String) in
                try await runModelbuild(
                    ["schedule", "--once"], in: fixture.project, environment: ["MODELBUILD_SCHEDULE_NOW": "2026-12-07T\(time)Z"])
            }
            _ = try await once("10:00:00")
            let built = try await once("10:02:00")
            #expect(built.status == 0, "\(built.standardOutput)\(built.standardError)")
            // Both started before either ended (max_parallel: 2).
            let lines = built.standardOutput.split(separator: "\n").map(String.init)
            let fired = lines.indices.filter { lines[$0].contains("fired: building the candidate") }
            let finished = lines.indices.filter { lines[$0].contains(": candidate pr-4") }
            #expect(fired.count == 2 && finished.count == 2, "\(built.standardOutput)")
            #expect((fired.max() ?? .max) < (finished.min() ?? .min), "\(built.standardOutput)")
            #expect(built.standardOutput.contains("#41 improves"), "\(built.standardOutput)")
            #expect(built.standardOutput.contains("#42 invalid"), "\(built.standardOutput)")
            let statuses = try webhook.received.map {
                try #require(try JSONSerialization.jsonObject(with: $0.body) as? [String: Any])
            }.reduce(into: [Int: String]()) { $0[$1["pullRequest"] as? Int ?? 0] = $1["status"] as? String }
            #expect(statuses == [41: "succeeded", 42: "failed"])

            // The invalid head is not tried again; once it moves, it is.
            let again = try await once("10:10:00")
            #expect(!again.standardOutput.contains("fired"), "\(again.standardOutput)")
            try await offThePool {
                try fixture.work.git("checkout", "--quiet", "pr-42")
                try CandidateFixture.addLeaf(
                    fixture.work, "compositional_skills/writing/broken",
                    CandidateFixture.leaf([
                        ("Which stage answers the held-out questions?", "The evaluate stage scores them with token F1."),
                        ("Where does a published version live?", "Under artifacts, in builds named by version."),
                        ("What decides whether a stage reruns?", "Its cache key, made of everything it reads."),
                        ("What holds the outputs of finished stages?", "The content-addressed store under the state folder."),
                        ("Which stage turns seed examples into training data?", "The generate stage expands every seed into variants."),
                    ]))
                try fixture.work.commitAll("Fix the skill")
                try fixture.work.git("push", "--quiet", fixture.remote.path, "pr-42:refs/pull/42/head")
                try fixture.work.git("checkout", "--quiet", "main")
            }
            _ = try await once("10:11:00")
            let fixed = try await once("10:13:00")
            #expect(fixed.standardOutput.contains("fired: building the candidate of pull request #42"), "\(fixed.standardOutput)")
            #expect(!fixed.standardOutput.contains("pull request #41"), "\(fixed.standardOutput)")
            #expect(webhook.received.count == 3)
        }
    }

    /// The published versions whose manifest names a confirmed candidate.
    private func confirmingManifests(_ project: URL) throws -> [(version: String, manifest: [String: Any])] {
        let builds = project.appendingPathComponent("artifacts/lab-model/builds")
        return try FileManager.default.contentsOfDirectory(atPath: builds.path).sorted().compactMap { version in
            let data = try Data(contentsOf: builds.appendingPathComponent("\(version)/manifest.json"))
            let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            return manifest["confirmsCandidates"] == nil ? nil : (version, manifest)
        }
    }

    /// Appends build `pull-requests` (kind candidate, `settings` lines indented as its
    /// keys) to the project's builds.yaml, notifying `webhook` of every candidate.
    static func addPullRequestBuild(to fixture: CandidateFixture, webhook: LoopbackHTTPServer, settings: String) throws {
        let config = fixture.project.appendingPathComponent("builds.yaml")
        try (String(contentsOf: config, encoding: .utf8) + """

              pull-requests:
                kind: candidate
                \(settings)
                notify: {on: [success, failure], webhook: "\(webhook.url("/pull-requests"))"}

            """).write(to: config, atomically: true, encoding: .utf8)
    }
}
