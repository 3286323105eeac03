import Foundation
import TestSupport
import Testing

/// What the published record says when the taxonomy's history changes under the builds:
/// a force-push (the dropped commits, and that the base model came from them) and a
/// removed leaf (a removed capability, with its last scores).
@Suite struct TaxonomyHistoryBuildTests {
    static let removedLeaf = "compositional_skills/linguistics/commit_messages"

    @Test func aForcePushIsRecordedInTheManifestAndOnThePage() async throws {
        try await withTemporaryDirectory { directory in
            let project = try SampleTaxonomyProject.make(in: directory)
            try project.taxonomy.write("compositional_skills/writing/release_notes/attribution.txt", "Title of work: notes v2\n")
            let dropped = try project.taxonomy.commitAll("Merge pull request #41 from someone/notes-v2")
            let first = try await project.run(["build", "nightly"])
            #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")

            // The maintainers rewrite history: the merged commit is gone, another takes its place.
            try project.taxonomy.git("reset", "--quiet", "--hard", "HEAD~1")
            let ancestor = try project.taxonomy.id("HEAD")
            try project.taxonomy.write("compositional_skills/writing/release_notes/attribution.txt", "Title of work: notes v3\n")
            try project.taxonomy.commitAll("Merge pull request #42 from someone/notes-v3")

            let second = try await project.run(["build", "nightly"])
            #expect(second.status == 0, "\(second.standardOutput)\(second.standardError)")
            #expect(second.standardOutput.contains("history was rewritten"), "\(second.standardOutput)")
            let version = try await project.latestVersion()
            let taxonomy = try #require(try project.manifest(version)["taxonomy"] as? [String: Any])
            let rewrite = try #require(taxonomy["historyRewrite"] as? [String: Any])
            let commits = try #require(rewrite["droppedCommits"] as? [[String: Any]])
            #expect(commits.compactMap { $0["commit"] as? String } == [dropped.hex])
            #expect(commits.first?["pullRequest"] as? Int == 41)
            #expect(rewrite["commonAncestor"] as? String == ancestor.hex)
            #expect(rewrite["baseModelFromDiscardedHistory"] as? Bool == true)

            let page = try project.page(version)
            #expect(page.contains("<h3 id=\"history-rewritten\">History rewritten</h3>"))
            #expect(page.contains("was trained on the discarded history"))
            #expect(page.contains("<tr class=\"dropped\"><td><code>\(dropped.hex.prefix(12))</code></td><td>#41</td>"))
            let verified = try await project.run(["verify", version])
            #expect(verified.status == 0, "\(verified.standardOutput)")
        }
    }

    @Test func aRemovedLeafIsListedAsARemovedCapabilityWithItsLastScores() async throws {
        try await withTemporaryDirectory { directory in
            let project = try SampleTaxonomyProject.make(in: directory)
            let first = try await project.run(["build", "nightly"])
            #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")
            let firstVersion = try await project.latestVersion()
            let metrics = try #require(try project.manifest(firstVersion)["metrics"] as? [String: Double])
            let lastF1 = try #require(metrics["evaluate.leaf.\(Self.removedLeaf).f1"])

            try project.taxonomy.git("rm", "--quiet", "-r", Self.removedLeaf)
            try project.taxonomy.commitAll("Remove the commit messages skill")
            let second = try await project.run(["build", "nightly"])
            #expect(second.status == 0, "\(second.standardOutput)\(second.standardError)")
            let version = try await project.latestVersion()
            #expect(version != firstVersion)

            let files = project.versionFolder(version).appendingPathComponent("files/evaluate")
            let result = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: files.appendingPathComponent("result.json"))) as? [String: Any])
            let removed = try #require(result["removed_capabilities"] as? [[String: Any]])
            #expect(removed.count == 1)
            #expect(removed.first?["path"] as? String == Self.removedLeaf)
            #expect((removed.first?["last"] as? [String: Double])?["f1"] == lastF1)
            #expect((result["metrics"] as? [String: Double])?["removed_leaves"] == 1)
            let report = try String(contentsOf: files.appendingPathComponent("report.md"), encoding: .utf8)
            #expect(report.contains("## Removed capabilities (1)"))
            #expect(report.contains("| \(Self.removedLeaf) |"))

            let page = try project.page(version)
            #expect(page.contains("<h3 id=\"removed-capabilities\">Removed capabilities</h3>"))
            #expect(page.contains("<tr class=\"removed-capability\"><td><code>\(Self.removedLeaf)</code></td>"))
        }
    }
}
