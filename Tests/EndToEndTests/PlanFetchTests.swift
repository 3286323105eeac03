import Foundation
import TestSupport
import Testing

/// `modelbuild plan` fetches the taxonomy as a build does, so it shows what a build would
/// run now; `--no-fetch` plans from the mirror as it is, and a plan without the remote
/// still works, with a warning.
@Suite struct PlanFetchTests {
    @Test func planFetchesMergedLeavesUnlessToldNotToAndWarnsWithoutTheRemote() async throws {
        try await withTemporaryDirectory { directory in
            let project = try NightlyBuildTests.makeProject(in: directory)
            let first = try await runModelbuild(["plan", "nightly"], in: project)
            try #require(first.status == 0, "\(first.standardError)")

            let remote = directory.appendingPathComponent("taxonomy")
            let taxonomy = GitFixture(existingAt: remote)
            try taxonomy.git("checkout", "--quiet", "-b", "contributor/haiku")
            let leaf = "compositional_skills/writing/haiku"
            try taxonomy.write("\(leaf)/qna.yaml", NightlyBuildTests.haikuLeaf)
            try taxonomy.write(
                "\(leaf)/attribution.txt", "Title of work: haiku\nLicense of the work: CC-BY-4.0\nCreator names: test\n")
            try taxonomy.commitAll("Add a haiku skill")
            try taxonomy.git("checkout", "--quiet", "main")
            try taxonomy.mergeNoFastForward("contributor/haiku", message: "Merge pull request #42 from contributor/haiku")

            let offline = try await runModelbuild(["plan", "nightly", "--no-fetch"], in: project)
            #expect(offline.status == 0, "\(offline.standardError)")
            #expect(!offline.standardOutput.contains("generate[\(leaf)]"))

            let fetched = try await runModelbuild(["plan", "nightly"], in: project)
            #expect(fetched.status == 0, "\(fetched.standardError)")
            let line = fetched.standardOutput.split(separator: "\n").first { $0.contains("generate[\(leaf)]") }
            #expect(try #require(line).contains("run"))
            #expect(!fetched.standardError.contains("may be stale"))

            try FileManager.default.removeItem(at: remote)
            let stale = try await runModelbuild(["plan", "nightly"], in: project)
            #expect(stale.status == 0, "\(stale.standardError)")
            #expect(stale.standardOutput.contains("generate[\(leaf)]"))
            #expect(stale.standardError.contains("warning: could not fetch the taxonomy"))
            #expect(stale.standardError.contains("this plan may be stale"))
        }
    }
}
