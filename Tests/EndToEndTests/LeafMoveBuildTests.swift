import Foundation
import TestSupport
import Testing

extension IncrementalBuildTests {
    /// Issue 14 item 5: a leaf folder moved with its content unchanged (a commit that only
    /// renames it) reuses its per-leaf outputs under the new path, and the build's output
    /// and manifest show a move, not an addition and a removal.
    /// Nested, so it runs after, never beside, the other sample nightlies of issue 14.
    @Suite struct LeafMoveBuildTests {
        static let old = "compositional_skills/writing/release_notes"
        static let new = "compositional_skills/communication/release_notes"

        static func mergeRename(_ directory: URL) throws {
            let taxonomy = GitFixture(existingAt: directory.appendingPathComponent("taxonomy"))
            try taxonomy.git("checkout", "--quiet", "-b", "maintainer/reorganise")
            try FileManager.default.createDirectory(
                at: directory.appendingPathComponent("taxonomy/compositional_skills/communication"),
                withIntermediateDirectories: true)
            try taxonomy.git("mv", old, new)
            _ = try taxonomy.commitStaged("Move release notes under communication")
            try taxonomy.git("checkout", "--quiet", "main")
            try taxonomy.mergeNoFastForward("maintainer/reorganise", message: "Merge pull request #60 from maintainer/reorganise")
        }

        @Test func aMovedLeafReusesItsOutputsAndIsShownAsAMove() async throws {
            try await withTemporaryDirectory { directory in
                let project = try await offThePool { try NightlyBuildTests.makeProject(in: directory) }
                let first = try await runModelbuild(["build", "nightly"], in: project)
                #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")
                try await offThePool { try Self.mergeRename(directory) }

                let plan = try await runModelbuild(["plan", "nightly"], in: project)
                #expect(plan.status == 0, "\(plan.standardError)")
                let generateLine = plan.standardOutput.split(separator: "\n").first { $0.contains("generate[\(Self.new)]") }
                #expect(generateLine?.hasSuffix("reuse: moved from generate[\(Self.old)]") == true, "\(plan.standardOutput)")

                let second = try await runModelbuild(["build", "nightly"], in: project)
                #expect(second.status == 0, "\(second.standardOutput)\(second.standardError)")
                #expect(second.standardOutput.contains("moved \(Self.old) → \(Self.new)"), "\(second.standardOutput)")
                let journal = try NightlyBuildTests.latestJournal(project)
                let succeeded = NightlyBuildTests.jobs(journal, event: "job.succeeded")
                let reused = NightlyBuildTests.jobs(journal, event: "job.reused")
                #expect(reused.isSuperset(of: ["generate[\(Self.new)]", "safety[\(Self.new)]"]), "\(reused)")
                #expect(!succeeded.contains { $0.hasPrefix("generate[") || $0.hasPrefix("safety[") }, "\(succeeded)")

                // The manifest lists one move, with where the leaf came from, and publishes its data at the new path.
                let builds = project.appendingPathComponent("artifacts/lab-model/builds")
                let version = try #require(
                    try FileManager.default.contentsOfDirectory(atPath: builds.path).sorted {
                        $0.count == $1.count ? $0 < $1 : $0.count < $1.count
                    }.last)
                let manifest = try #require(
                    try JSONSerialization.jsonObject(
                        with: Data(contentsOf: builds.appendingPathComponent("\(version)/manifest.json"))) as? [String: Any])
                let taxonomy = try #require(manifest["taxonomy"] as? [String: Any])
                let changed = try #require(taxonomy["changedLeaves"] as? [[String: Any]])
                #expect(changed.count == 1, "\(changed)")
                #expect(changed.first?["change"] as? String == "moved")
                #expect(changed.first?["path"] as? String == Self.new)
                #expect(changed.first?["from"] as? String == Self.old)
                let files = (manifest["files"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
                #expect(files.contains { $0.hasPrefix("generate/\(Self.new)/") }, "\(files.prefix(20))")
                #expect(!files.contains { $0.hasPrefix("generate/\(Self.old)/") })
                let page = try String(contentsOf: builds.appendingPathComponent("\(version)/index.html"), encoding: .utf8)
                #expect(page.contains("moved from <code>\(Self.old)</code>"))
            }
        }
    }
}
