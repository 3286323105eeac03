import Foundation
import TestSupport
import Testing

/// `modelbuild candidate` (issue 15) against a remote laid out as GitHub's: pull requests
/// built into candidates on the latest nightly, judged, reported and published beside the
/// versions without changing them.
@Suite(.serialized) struct CandidateBuildTests {
    @Test func aLeafPullRequestImprovesRegeneratesOnlyItsLeafAndItsMergeReusesTheCandidate() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try await offThePool { try CandidateFixture.make(in: directory) }
            let nightly = try await runModelbuild(["build", "nightly"], in: fixture.project)
            #expect(nightly.status == 0, "\(nightly.standardOutput)\(nightly.standardError)")
            let before = try await fixture.publishedState()
            try await offThePool {
                try fixture.openPullRequest(42, title: "Add a haiku skill") {
                    try CandidateFixture.addLeaf($0, CandidateFixture.haiku, NightlyBuildTests.haikuLeaf)
                }
            }

            let (status, report, output) = try await fixture.candidate(["42"])
            #expect(status == 0, "\(output)")
            #expect(CandidateFixture.verdicts(report) == [42: "improves"], "\(output)")
            // The candidate fetched once; its precheck and build runs read that mirror.
            #expect(!output.contains("is still at"), "\(output)")
            let pr = try #require(CandidateFixture.pullRequests(report).first)
            #expect(pr["title"] as? String == "Add a haiku skill")
            #expect(pr["head"] as? String == (try await offThePool { try fixture.work.id("pr-42").hex }))
            let leaves = report["changedLeaves"] as? [[String: Any]] ?? []
            #expect(leaves.map { $0["path"] as? String } == [CandidateFixture.haiku])
            let beforeF1 = try #require((leaves.first?["before"] as? [String: Double])?["f1"])
            let afterF1 = try #require((leaves.first?["after"] as? [String: Double])?["f1"])
            #expect(afterF1 > beforeF1)
            #expect((report["regressions"] as? [Any])?.isEmpty == true)
            // The journal proves it: of every leaf, only the pull request's was generated.
            let generated = try fixture.jobs(inRuns: report, event: "job.succeeded").filter { $0.hasPrefix("generate[") }
            #expect(generated == ["generate[\(CandidateFixture.haiku)]"])
            #expect(try fixture.jobs(inRuns: report, event: "job.succeeded").contains("train"))

            // Refs, versions, index.html and list are byte for byte what they were.
            let after = try await fixture.publishedState()
            #expect(after.0 == before.0)
            #expect(after.1 == before.1)
            let id = try #require(report["id"] as? String)
            #expect(id.hasPrefix("pr-42-"))
            let published = fixture.project.appendingPathComponent("artifacts/lab-model/candidates/\(id)")
            for file in ["manifest.json", "provenance.json", "report.json", "report.md", "files/model/config.json"] {
                #expect(FileManager.default.fileExists(atPath: published.appendingPathComponent(file).path), "\(file)")
            }
            let provenance = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: published.appendingPathComponent("provenance.json")))
                    as? [String: Any])
            #expect((provenance["pullRequestHeads"] as? [String: String])?["42"] == pr["head"] as? String)
            let page = try String(
                contentsOf: fixture.project.appendingPathComponent("artifacts/lab-model/candidates/index.html"), encoding: .utf8)
            #expect(page.contains("\(id)/report.md") && page.contains("#42 improves"), "\(page)")
            let listed = try await runModelbuild(["candidates", "--json"], in: fixture.project)
            #expect(listed.standardOutput.contains("\"\(id)\""), "\(listed.standardOutput)")

            // Its runs name the candidate: `runs` does not take them for the nightly's own.
            let runIDs = Set(report["runs"] as? [String] ?? [])
            #expect(!runIDs.isEmpty)
            let runs = try await runModelbuild(["runs", "--json"], in: fixture.project)
            let listedRuns =
                (try JSONSerialization.jsonObject(with: Data(runs.standardOutput.utf8)) as? [String: Any])?["runs"]
                as? [[String: Any]] ?? []
            let candidateRuns = listedRuns.filter { runIDs.contains($0["id"] as? String ?? "") }
            #expect(candidateRuns.count == runIDs.count, "\(runs.standardOutput)")
            for run in candidateRuns {
                #expect(run["candidate"] as? String == id)
                #expect(run["build"] as? String == "nightly")
            }
            #expect(listedRuns.filter { $0["candidate"] is String }.count == runIDs.count)
            let runsText = try await runModelbuild(["runs"], in: fixture.project)
            #expect(runsText.standardOutput.contains("  candidate \(id) on nightly  succeeded"), "\(runsText.standardOutput)")

            // The author asks both models a question of the pull request.
            let question = "Write a haiku about a nightly build."
            let asked = try await runModelbuild(["ask", id, question, "--json"], in: fixture.project)
            #expect(asked.status == 0, "\(asked.standardError)")
            #expect(asked.standardOutput.contains("Merges settle at dusk"), "\(asked.standardOutput)")
            let version = try #require(try await IncrementalBuildTests.publishedVersions(fixture.project).first)
            let base = try await runModelbuild(["ask", version, question], in: fixture.project)
            #expect(base.status == 0, "\(base.standardError)")
            #expect(!base.standardOutput.contains("Merges settle at dusk"), "\(base.standardOutput)")

            // Merged unchanged, the next nightly reuses the candidate's stages.
            try await offThePool { try fixture.merge(42) }
            let merged = try await runModelbuild(["build", "nightly"], in: fixture.project)
            #expect(merged.status == 0, "\(merged.standardOutput)\(merged.standardError)")
            let records = try NightlyBuildTests.latestJournal(fixture.project)
            #expect(NightlyBuildTests.jobs(records, event: "job.succeeded").isEmpty)
            #expect(NightlyBuildTests.jobs(records, event: "job.reused").isSuperset(of: ["train", "evaluate"]))
            // The nightly's dashboard lists its own runs, not the candidate's.
            let dashboard = try String(
                contentsOf: fixture.project.appendingPathComponent("artifacts/lab-model/index.json"), encoding: .utf8)
            #expect(runIDs.allSatisfy { !dashboard.contains($0) })
            #expect(dashboard.contains(try #require(records.first?["runID"] as? String)), "the merged nightly's run is listed")

            // gc removes the candidate of a merged pull request.
            let gc = try await runModelbuild(["gc"], in: fixture.project)
            #expect(gc.status == 0, "\(gc.standardOutput)\(gc.standardError)")
            #expect(gc.standardOutput.contains("remove candidate \(id): pull request #42 is merged"), "\(gc.standardOutput)")
            #expect(!FileManager.default.fileExists(atPath: published.path))
        }
    }

    @Test func knownStolenInvalidConflictingAndRemovingPullRequestsGetTheirVerdicts() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try await offThePool { () throws -> CandidateFixture in
                let fixture = try CandidateFixture.make(in: directory)
                try fixture.openPullRequest(42, title: "Add a haiku skill") {
                    try CandidateFixture.addLeaf($0, CandidateFixture.haiku, NightlyBuildTests.haikuLeaf)
                }
                try fixture.merge(42)
                // Opened before main changed the same line.
                try fixture.openPullRequest(46, title: "Credit the release notes to me") { work in
                    let path = "\(CandidateFixture.releaseNotes)/qna.yaml"
                    let text = try String(contentsOf: work.directory.appendingPathComponent(path), encoding: .utf8)
                    try work.write(path, text.replacingOccurrences(of: "created_by: contributor-1", with: "created_by: pr-author"))
                }
                let text = try String(
                    contentsOf: fixture.work.directory.appendingPathComponent("\(CandidateFixture.releaseNotes)/qna.yaml"), encoding: .utf8)
                try fixture.work.write(
                    "\(CandidateFixture.releaseNotes)/qna.yaml", text.replacingOccurrences(of: "created_by: contributor-1", with: "created_by: maintainer"))
                try fixture.work.commitAll("Credit the release notes to the maintainers")
                try fixture.pushMain()
                return fixture
            }
            let nightly = try await runModelbuild(["build", "nightly"], in: fixture.project)
            #expect(nightly.status == 0, "\(nightly.standardOutput)\(nightly.standardError)")
            try await offThePool {
                let haiku = try String(
                    contentsOf: fixture.work.directory.appendingPathComponent("\(CandidateFixture.haiku)/qna.yaml"), encoding: .utf8)
                try fixture.openPullRequest(43, title: "Add haiku again") {
                    try CandidateFixture.addLeaf($0, "compositional_skills/writing/haiku_again", haiku)
                }
                // The same questions, asked louder, with another answer: it steals haiku's answers.
                let thief = haiku.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                    if let range = line.range(of: "question: ") {
                        let question = line[range.upperBound...]
                        return String(line[..<range.upperBound]) + question + " " + question
                    }
                    if let range = line.range(of: "answer: ") {
                        return String(line[..<range.upperBound]) + "Haiku are out of season, ask about release notes instead."
                    }
                    return String(line)
                }.joined(separator: "\n")
                try fixture.openPullRequest(44, title: "Answer haiku requests differently") {
                    try CandidateFixture.addLeaf($0, "compositional_skills/writing/thief", thief)
                }
                try fixture.openPullRequest(45, title: "Add a broken leaf") {
                    try CandidateFixture.addLeaf($0, "compositional_skills/writing/broken", "version: 3\ncreated_by: someone\nseed_examples: []\n")
                }
                try fixture.openPullRequest(47, title: "Remove commit messages") {
                    try $0.git("rm", "-r", "--quiet", CandidateFixture.commitMessages)
                }
            }

            let known = try await fixture.candidate(["43"])
            #expect(known.status == 1, "\(known.output)")
            #expect(CandidateFixture.verdicts(known.report) == [43: "already-known"], "\(known.output)")
            #expect(try fixture.jobs(inRuns: known.report, event: "job.succeeded").contains("train") == false)

            let stolen = try await fixture.candidate(["44"])
            #expect(stolen.status == 1, "\(stolen.output)")
            #expect(CandidateFixture.verdicts(stolen.report) == [44: "regresses"], "\(stolen.output)")
            let victims = (stolen.report["regressions"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
            #expect(victims == [CandidateFixture.haiku])

            let invalid = try await fixture.candidate(["45"])
            #expect(invalid.status == 1, "\(invalid.output)")
            #expect(CandidateFixture.verdicts(invalid.report) == [45: "invalid"])
            let problems = CandidateFixture.pullRequests(invalid.report).first?["problems"] as? [[String: Any]] ?? []
            #expect(problems.contains {
                $0["file"] as? String == "compositional_skills/writing/broken/qna.yaml" && $0["line"] as? Int == 1
                    && ($0["message"] as? String)?.contains("'task_description' is a required property") == true
            }, "\(problems)")
            #expect((invalid.report["runs"] as? [Any])?.isEmpty == true)
            let github = try await runModelbuild(["candidate", "45", "--format", "github", "--no-publish"], in: fixture.project)
            #expect(github.standardOutput.contains("::error file=compositional_skills/writing/broken/qna.yaml,line=1,col=1"), "\(github.standardOutput)")

            let conflict = try await fixture.candidate(["46"])
            #expect(conflict.status == 1, "\(conflict.output)")
            #expect(CandidateFixture.verdicts(conflict.report) == [46: "conflict"], "\(conflict.output)")
            let reason = CandidateFixture.pullRequests(conflict.report).first?["reason"] as? String ?? ""
            #expect(reason.contains("\(CandidateFixture.releaseNotes)/qna.yaml"), "\(reason)")

            let removal = try await fixture.candidate(["47"])
            #expect(removal.status == 0, "\(removal.output)")
            #expect(CandidateFixture.verdicts(removal.report) == [47: "no-gain"], "\(removal.output)")
            let removed = CandidateFixture.pullRequests(removal.report).first?["leaves"] as? [[String: Any]] ?? []
            #expect(removed.map { $0["change"] as? String } == ["removed"])

            // gc keeps one candidate per open pull request and says why.
            let gc = try await runModelbuild(["gc", "--dry-run"], in: fixture.project)
            #expect(gc.standardOutput.contains("keep   candidate"), "\(gc.standardOutput)")
        }
    }

    @Test func aBatchBuildsOneCandidateAndEachAlone() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try await offThePool { try CandidateFixture.make(in: directory) }
            let nightly = try await runModelbuild(["build", "nightly"], in: fixture.project)
            #expect(nightly.status == 0, "\(nightly.standardOutput)\(nightly.standardError)")
            try await offThePool {
                try fixture.openPullRequest(41, title: "Add a haiku skill") {
                    try CandidateFixture.addLeaf($0, CandidateFixture.haiku, NightlyBuildTests.haikuLeaf)
                }
                try fixture.openPullRequest(42, title: "Add a limerick skill") {
                    try CandidateFixture.addLeaf(
                        $0, "compositional_skills/writing/limerick",
                        CandidateFixture.leaf([
                            ("Which stage turns seed examples into training data?", "The generate stage expands every seed into variants."),
                            ("Which stage answers the held-out questions?", "The evaluate stage scores them with token F1."),
                            ("Where does a published version live?", "Under artifacts, in builds named by version."),
                            ("What decides whether a stage reruns?", "Its cache key, made of everything it reads."),
                            ("What holds the outputs of finished stages?", "The content-addressed store under the state folder."),
                        ]))
                }
                try fixture.openPullRequest(43, title: "Remove commit messages") {
                    try $0.git("rm", "-r", "--quiet", CandidateFixture.commitMessages)
                }
            }
            let missing = try await runModelbuild(["candidate", "99"], in: fixture.project)
            #expect(missing.status == 2)
            #expect(missing.standardError.contains("no pull request #99 at refs/pull/99/head"), "\(missing.standardError)")
            #expect(missing.standardError.contains("it has #41, #42, #43"), "\(missing.standardError)")
            let unknown = try await runModelbuild(["candidate", "41", "--on", "nighty"], in: fixture.project)
            #expect(unknown.status == 2)
            #expect(unknown.standardError.contains("did you mean \"nightly\""), "\(unknown.standardError)")

            let batch = try await fixture.candidate(["41", "42", "43", "--each"])
            #expect(batch.status == 0, "\(batch.output)")
            #expect(CandidateFixture.verdicts(batch.report) == [41: "improves", 42: "improves", 43: "no-gain"], "\(batch.output)")
            let id = try #require(batch.report["id"] as? String)
            #expect(id.hasPrefix("pr-41-42-43-"))
            let leaves = (batch.report["changedLeaves"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
            #expect(Set(leaves) == [CandidateFixture.haiku, "compositional_skills/writing/limerick"])
            #expect(batch.report["interference"] is [Any])
            // --each built each alone too: the combined candidate and three alone, precheck and training for the two leaves.
            #expect(batch.output.contains("--each: building #41 alone"))
            #expect(batch.output.contains("--each: building #43 alone"))
        }
    }
}
