import Foundation
import TestSupport
import Testing

/// A commit counts as built for a build only once its version is published: a nightly
/// run with `--no-publish`, or one whose gate refused to publish, leaves the commit to
/// the next run, which publishes it (reusing every stage) instead of saying "nothing to
/// rebuild".
@Suite struct NightlyRetryTests {
    private func publishedVersions(_ project: URL) async throws -> [String] {
        let list = try await runModelbuild(["list", "--json"], in: project)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]])
        return rows.compactMap { $0["version"] as? String }
    }

    @Test func aNightlyBuiltWithoutPublishingIsPublishedByTheNextRun() async throws {
        try await withTemporaryDirectory { directory in
            let project = try NightlyBuildTests.makeProject(in: directory)
            let unpublished = try await runModelbuild(["build", "nightly", "--no-publish"], in: project)
            #expect(unpublished.status == 0, "\(unpublished.standardError)")
            #expect(try await publishedVersions(project).isEmpty)

            let next = try await runModelbuild(["build", "nightly"], in: project)
            #expect(next.status == 0, "\(next.standardOutput)\(next.standardError)")
            #expect(!(next.standardOutput + next.standardError).contains("nothing to rebuild"))
            #expect(next.standardOutput.contains("published lab-model nightly-"))
            #expect(try await publishedVersions(project).count == 1)
            let journal = try NightlyBuildTests.latestJournal(project)
            #expect(NightlyBuildTests.jobs(journal, event: "job.succeeded").isEmpty, "every stage is reused")

            let third = try await runModelbuild(["build", "nightly"], in: project)
            #expect(third.status == 0)
            #expect((third.standardOutput + third.standardError).contains("nothing to rebuild"))
        }
    }

    @Test func aNightlyRefusedByItsGateIsPublishedOnceTheGatePasses() async throws {
        try await withTemporaryDirectory { directory in
            let project = try NightlyBuildTests.makeProject(in: directory)
            let config = project.appendingPathComponent("builds.yaml")
            let original = try String(contentsOf: config, encoding: .utf8)
            let gated = original.replacingOccurrences(
                of: "    version: nightly-{date}\n", with: "    version: nightly-{date}\n    gates: [{metric: evaluate.f1, min: 1.5}]\n")
            #expect(gated != original)
            try gated.write(to: config, atomically: true, encoding: .utf8)
            let refused = try await runModelbuild(["build", "nightly"], in: project)
            #expect(refused.status == 1, "\(refused.standardOutput)\(refused.standardError)")
            #expect(try await publishedVersions(project).isEmpty)

            try original.write(to: config, atomically: true, encoding: .utf8)
            let next = try await runModelbuild(["build", "nightly"], in: project)
            #expect(next.status == 0, "\(next.standardOutput)\(next.standardError)")
            #expect(next.standardOutput.contains("published lab-model nightly-"))
            #expect(try await publishedVersions(project).count == 1)
        }
    }
}
