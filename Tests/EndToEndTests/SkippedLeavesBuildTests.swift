import Foundation
import TestSupport
import Testing

/// Bad leaves do not sink a nightly: with `on_invalid: skip` (a nightly's default) each is
/// left out and listed with its located errors in the build's output, the manifest and the
/// version page, and the other leaves are built and published; a release fails. An empty
/// leaf is skipped everywhere with InstructLab's warning, and `exclude` leaves leaves out.
@Suite struct SkippedLeavesBuildTests {
    static let missingAnswer = "compositional_skills/legacy/missing_answer"
    static let badYAML = "compositional_skills/legacy/bad_yaml"
    static let empty = "compositional_skills/drafts/empty"

    /// The sample taxonomy plus two leaves InstructLab refuses and one empty leaf.
    static func addBadLeaves(to project: SampleTaxonomyProject) throws {
        let valid = skillLeaf(ofSize: 400)
        try project.taxonomy.write(missingAnswer + "/qna.yaml", valid.replacingOccurrences(of: "    answer: It is answer 3.\n", with: ""))
        try project.taxonomy.write(badYAML + "/qna.yaml", valid + "seed_examples: [\n")
        try project.taxonomy.write(empty + "/qna.yaml", "# to be written\n")
        for leaf in [missingAnswer, badYAML, empty] {
            try project.taxonomy.write(leaf + "/attribution.txt", "Title of work: \(leaf)\n")
        }
        try project.taxonomy.commitAll("Two bad leaves and an empty one")
    }

    @Test func aNightlySkipsBadLeavesListsThemAndPublishesTheRest() async throws {
        try await withTemporaryDirectory { directory in
            let project = try SampleTaxonomyProject.make(in: directory)
            try Self.addBadLeaves(to: project)

            let build = try await project.run(["build", "nightly"])
            #expect(build.status == 0, "\(build.standardOutput)\(build.standardError)")
            let output = build.standardOutput
            #expect(output.contains("taxonomy: 3 leaves skipped (not built):"))
            #expect(output.contains("invalid \(Self.missingAnswer)"))
            #expect(output.contains("ERROR: \(Self.missingAnswer)/qna.yaml:"))
            #expect(output.contains("'answer' is a required property"))
            #expect(output.contains("invalid \(Self.badYAML)"))
            #expect(output.contains("empty \(Self.empty)"))
            #expect(output.contains("WARN: \(Self.empty)/qna.yaml:1:1 The file is empty"))
            #expect(!output.contains("generate[\(Self.missingAnswer)]"))
            #expect(output.contains("generate[compositional_skills/writing/release_notes]"))
            #expect(output.contains("published lab-model nightly-"))
            #expect(output.contains("3 leaves were skipped, not built: \(Self.empty) (empty), \(Self.badYAML) (invalid), \(Self.missingAnswer) (invalid)"))

            let version = try await project.latestVersion()
            let taxonomy = try #require(try project.manifest(version)["taxonomy"] as? [String: Any])
            let skipped = try #require(taxonomy["skippedLeaves"] as? [[String: Any]])
            #expect(skipped.compactMap { $0["path"] as? String } == [Self.badYAML, Self.missingAnswer, Self.empty].sorted())
            let missing = try #require(skipped.first { $0["path"] as? String == Self.missingAnswer })
            #expect(missing["reason"] as? String == "invalid")
            #expect((missing["messages"] as? [String])?.first?.contains("\(Self.missingAnswer)/qna.yaml:") == true)
            #expect(skipped.first { $0["path"] as? String == Self.empty }?["reason"] as? String == "empty")

            let page = try project.page(version)
            #expect(page.contains("<h3 id=\"skipped\">Skipped leaves</h3>"))
            for leaf in [Self.missingAnswer, Self.badYAML, Self.empty] {
                #expect(page.contains("<tr class=\"skipped-leaf\"><td><code>\(leaf)</code>"))
            }
            let verified = try await project.run(["verify", version])
            #expect(verified.status == 0, "\(verified.standardOutput)")

            // Verdicts are kept by content: a fixed leaf is validated again and built.
            try project.taxonomy.write(Self.missingAnswer + "/qna.yaml", skillLeaf(ofSize: 400))
            try project.taxonomy.commitAll("Fix the leaf")
            let fixed = try await project.run(["build", "nightly"])
            #expect(fixed.status == 0, "\(fixed.standardOutput)\(fixed.standardError)")
            #expect(fixed.standardOutput.contains("taxonomy: 2 leaves skipped (not built):"), "\(fixed.standardOutput)")
            #expect(fixed.standardOutput.contains("generate[\(Self.missingAnswer)]"))
        }
    }

    @Test func withOnInvalidFailABadLeafFailsValidateAndAnEmptyLeafIsSkippedByGenerate() async throws {
        try await withTemporaryDirectory { directory in
            let project = try SampleTaxonomyProject.make(in: directory)
            try project.editConfig(replacing: "  folders: [compositional_skills, knowledge]", with: "  folders: [compositional_skills, knowledge]\n  on_invalid: fail")
            try project.taxonomy.write(Self.empty + "/qna.yaml", "{}\n")
            try project.taxonomy.write(Self.empty + "/attribution.txt", "Title of work: empty\n")
            try project.taxonomy.commitAll("An empty leaf")

            let build = try await project.run(["build", "nightly", "--no-publish"])
            #expect(build.status == 0, "\(build.standardOutput)\(build.standardError)")
            let logs = try await project.run(["logs", "generate[\(Self.empty)]"])
            #expect(logs.standardOutput.contains("WARN: \(Self.empty)/qna.yaml:1:1 The file is empty; generating without it"), "\(logs.standardOutput)\(logs.standardError)")

            let valid = skillLeaf(ofSize: 400)
            try project.taxonomy.write(Self.missingAnswer + "/qna.yaml", valid.replacingOccurrences(of: "    answer: It is answer 3.\n", with: ""))
            try project.taxonomy.write(Self.missingAnswer + "/attribution.txt", "Title of work: bad\n")
            try project.taxonomy.commitAll("A bad leaf")
            let failed = try await project.run(["build", "nightly", "--no-publish"])
            #expect(failed.status == 1)
            #expect(failed.standardOutput.contains("failed: validate"), "\(failed.standardOutput)")
        }
    }

    @Test func excludedLeavesAreNeitherValidatedNorBuilt() async throws {
        try await withTemporaryDirectory { directory in
            let project = try SampleTaxonomyProject.make(in: directory)
            try Self.addBadLeaves(to: project)
            try project.editConfig(
                replacing: "  folders: [compositional_skills, knowledge]",
                with: "  folders: [compositional_skills, knowledge]\n  on_invalid: fail\n  exclude: [compositional_skills/legacy, '**/empty']")

            let build = try await project.run(["build", "nightly"])
            #expect(build.status == 0, "\(build.standardOutput)\(build.standardError)")
            #expect(build.standardOutput.contains("excluded \(Self.missingAnswer)"))
            #expect(build.standardOutput.contains("excluded by taxonomy.exclude compositional_skills/legacy"))
            #expect(build.standardOutput.contains("excluded \(Self.empty)"))
            let version = try await project.latestVersion()
            let taxonomy = try #require(try project.manifest(version)["taxonomy"] as? [String: Any])
            let skipped = try #require(taxonomy["skippedLeaves"] as? [[String: Any]])
            #expect(Set(skipped.compactMap { $0["reason"] as? String }) == ["excluded"])
            #expect(skipped.count == 3)
        }
    }

    @Test func aReleaseFailsOnABadLeafByDefault() async throws {
        try await withTemporaryDirectory { directory in
            let project = try SampleTaxonomyProject.make(in: directory)
            try Self.addBadLeaves(to: project)
            try project.editConfig(replacing: "    sign: true", with: "    sign: false")
            let release = try await project.run(["release", "1.0.0"])
            #expect(release.status == 1, "\(release.standardOutput)\(release.standardError)")
            #expect(release.standardOutput.contains("failed: validate"), "\(release.standardOutput)")
        }
    }
}
