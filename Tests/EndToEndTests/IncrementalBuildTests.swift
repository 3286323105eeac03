import Foundation
import TestSupport
import Testing

/// A build reruns exactly what its inputs say (issue 14): a changed parameter rebuilds,
/// a merge that changes no leaf rebuilds and publishes nothing, `plan` and `build` agree
/// on when there is nothing to do.
@Suite(.serialized) struct IncrementalBuildTests {
    static func publishedVersions(_ project: URL) async throws -> [String] {
        let list = try await runModelbuild(["list", "--json"], in: project)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]])
        return rows.compactMap { $0["version"] as? String }
    }

    static func runCount(_ project: URL) throws -> Int {
        let runs = project.appendingPathComponent(".modelbuild/runs")
        return try FileManager.default.contentsOfDirectory(atPath: runs.path).filter { !$0.hasPrefix(".") }.count
    }

    static func edit(_ project: URL, replacing old: String, with new: String) throws {
        let config = project.appendingPathComponent("builds.yaml")
        let original = try String(contentsOf: config, encoding: .utf8)
        let edited = original.replacingOccurrences(of: old, with: new)
        #expect(edited != original, "builds.yaml has no \(old)")
        try edited.write(to: config, atomically: true, encoding: .utf8)
    }

    /// Merges a pull request that touches no leaf (a README under no configured folder).
    static func mergeDocsOnlyChange(_ directory: URL) throws {
        let taxonomy = GitFixture(existingAt: directory.appendingPathComponent("taxonomy"))
        try taxonomy.git("checkout", "--quiet", "-b", "contributor/docs")
        try taxonomy.write("CONTRIBUTING.md", "Send a pull request.\n")
        try taxonomy.commitAll("Explain how to contribute")
        try taxonomy.git("checkout", "--quiet", "main")
        try taxonomy.mergeNoFastForward("contributor/docs", message: "Merge pull request #43 from contributor/docs")
    }

    @Test func aChangedParamRebuildsOnTheNextBuildAndPlanAgrees() async throws {
        try await withTemporaryDirectory { directory in
            let project = try await offThePool { try NightlyBuildTests.makeProject(in: directory) }
            let first = try await runModelbuild(["build", "nightly"], in: project)
            #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")

            let unchanged = try await runModelbuild(["plan", "nightly", "--no-fetch"], in: project)
            #expect(unchanged.standardOutput.hasPrefix("build nightly would do nothing: no new merged commits since"))

            try Self.edit(project, replacing: "with: {variants: 4, seed: 42}", with: "with: {variants: 5, seed: 42}")
            let plan = try await runModelbuild(["plan", "nightly", "--no-fetch"], in: project)
            #expect(plan.status == 0, "\(plan.standardError)")
            #expect(!plan.standardOutput.contains("would do nothing"), "\(plan.standardOutput)")
            #expect(plan.standardOutput.contains("params.variants: 4 → 5"), "\(plan.standardOutput)")

            let second = try await runModelbuild(["build", "nightly"], in: project)
            #expect(second.status == 0, "\(second.standardOutput)\(second.standardError)")
            #expect(!(second.standardOutput + second.standardError).contains("nothing to rebuild"))
            let rebuilt = NightlyBuildTests.jobs(try NightlyBuildTests.latestJournal(project), event: "job.succeeded")
            #expect(rebuilt.contains("train"))
            #expect(rebuilt.contains { $0.hasPrefix("generate[") })
            #expect(try await Self.publishedVersions(project).count == 2)

            let third = try await runModelbuild(["build", "nightly"], in: project)
            #expect(third.status == 0)
            #expect((third.standardOutput + third.standardError).contains("nothing to rebuild"))
            let replanned = try await runModelbuild(["plan", "nightly", "--no-fetch"], in: project)
            #expect(replanned.standardOutput.hasPrefix("build nightly would do nothing:"), "\(replanned.standardOutput)")
        }
    }

    /// Merges a pull request adding one leaf.
    static func mergeNewLeaf(_ directory: URL) throws {
        let taxonomy = GitFixture(existingAt: directory.appendingPathComponent("taxonomy"))
        try taxonomy.git("checkout", "--quiet", "-b", "contributor/haiku")
        let leaf = "compositional_skills/writing/haiku"
        try taxonomy.write("\(leaf)/qna.yaml", NightlyBuildTests.haikuLeaf)
        try taxonomy.write("\(leaf)/attribution.txt", "Title of work: haiku\nLicense of the work: CC-BY-4.0\nCreator names: test\n")
        try taxonomy.commitAll("Add a haiku skill")
        try taxonomy.git("checkout", "--quiet", "main")
        try taxonomy.mergeNoFastForward("contributor/haiku", message: "Merge pull request #42 from contributor/haiku")
    }

    /// The nightly after a leaf was merged trained on the previous model; a docs-only merge
    /// after it is that same build again: same base model, same keys, nothing to do.
    @Test func aDocsOnlyMergePublishesNothingNewAndReusesTrain() async throws {
        try await withTemporaryDirectory { directory in
            let project = try await offThePool { try NightlyBuildTests.makeProject(in: directory) }
            let first = try await runModelbuild(["build", "nightly"], in: project)
            #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")
            try await offThePool { try Self.mergeNewLeaf(directory) }
            let withLeaf = try await runModelbuild(["build", "nightly"], in: project)
            #expect(withLeaf.status == 0, "\(withLeaf.standardOutput)\(withLeaf.standardError)")
            #expect(NightlyBuildTests.jobs(try NightlyBuildTests.latestJournal(project), event: "job.succeeded").contains("train"))
            let published = try await Self.publishedVersions(project)
            #expect(published.count == 2)

            try await offThePool { try Self.mergeDocsOnlyChange(directory) }
            let plan = try await runModelbuild(["plan", "nightly"], in: project)
            #expect(plan.standardOutput.hasPrefix("build nightly would do nothing:"), "\(plan.standardOutput)")
            let trainLine = plan.standardOutput.split(separator: "\n").first { $0.contains("builtin/train") }
            #expect(trainLine?.hasSuffix("reuse") == true, "\(plan.standardOutput)")

            let second = try await runModelbuild(["build", "nightly"], in: project)
            #expect(second.status == 0, "\(second.standardOutput)\(second.standardError)")
            #expect((second.standardOutput + second.standardError).contains("nothing to rebuild"))
            #expect(try await Self.publishedVersions(project) == published)
            #expect(try Self.runCount(project) == 2, "nothing ran, train least of all")

            // Forced, every stage is reused and the same content is published again, saying so.
            let forced = try await runModelbuild(["build", "nightly", "--force"], in: project)
            #expect(forced.status == 0, "\(forced.standardOutput)\(forced.standardError)")
            #expect(NightlyBuildTests.jobs(try NightlyBuildTests.latestJournal(project), event: "job.succeeded").isEmpty)
            let latest = try #require(published.sorted { $0.count == $1.count ? $0 < $1 : $0.count < $1.count }.last)
            #expect(forced.standardOutput.contains("the content is unchanged since \(latest)"), "\(forced.standardOutput)")
            #expect(try await Self.publishedVersions(project).count == 3)
        }
    }

    @Test func aRebuildWhoseFilesEqualTheLatestVersionPublishesNothing() async throws {
        try await withTemporaryDirectory { directory in
            let project = try await offThePool { try NightlyBuildTests.makeProject(in: directory) }
            let first = try await runModelbuild(["build", "nightly"], in: project)
            #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")
            let published = try await Self.publishedVersions(project)

            // validate's key changes (its params), its report does not.
            try Self.edit(
                project, replacing: "    uses: builtin/validate\n", with: "    uses: builtin/validate\n    with: {all: false}\n")
            let second = try await runModelbuild(["build", "nightly"], in: project)
            #expect(second.status == 0, "\(second.standardOutput)\(second.standardError)")
            let journal = try NightlyBuildTests.latestJournal(project)
            #expect(NightlyBuildTests.jobs(journal, event: "job.succeeded") == ["validate"])
            #expect(second.standardOutput.contains("nothing changed since \(published[0])"), "\(second.standardOutput)")
            #expect(try await Self.publishedVersions(project) == published)

            let third = try await runModelbuild(["build", "nightly"], in: project)
            #expect((third.standardOutput + third.standardError).contains("nothing to rebuild"))
        }
    }
}
