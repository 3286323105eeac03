import Foundation
import TestSupport
import Testing

/// Publishing as maintainers use it: nightlies published and verified, releases gated,
/// signed and immutable.
@Suite(.serialized) struct PublishingCommandTests {
    @Test func nightlyPublishesAndReleasesAreGatedSignedAndImmutable() async throws {
        try await withTemporaryDirectory { directory in
            let project = try NightlyBuildTests.makeProject(in: directory)
            let nightly = try await runModelbuild(["build", "nightly"], in: project)
            #expect(nightly.status == 0, "\(nightly.standardOutput)\(nightly.standardError)")
            #expect(nightly.standardOutput.contains("published lab-model nightly-"))

            let list = try await runModelbuild(["list", "--json"], in: project)
            let rows = try #require(
                try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]])
            let version = try #require(rows.first?["version"] as? String)
            #expect(version.hasPrefix("nightly-"))
            let metrics = try #require(rows.first?["metrics"] as? [String: Double])
            #expect(metrics["evaluate.f1"] != nil)

            let verified = try await runModelbuild(["verify", version], in: project)
            #expect(verified.status == 0, "\(verified.standardOutput)")

            // The index has columns for build-level metrics only; the version's page, which
            // verify accepted, has a row per evaluated leaf.
            let artifacts = project.appendingPathComponent("artifacts/lab-model")
            let index = try String(contentsOf: artifacts.appendingPathComponent("index.html"), encoding: .utf8)
            #expect(index.contains("<a href=\"builds/\(version)/index.html\">"))
            #expect(index.contains("<th>evaluate.f1</th>"))
            #expect(!index.contains(".leaf."))
            let page = try String(contentsOf: artifacts.appendingPathComponent("builds/\(version)/index.html"), encoding: .utf8)
            #expect(page.contains("<tr class=\"leaf\" data-leaf=\"compositional_skills/"))

            let unsigned = try await runModelbuild(["release", "1.0.0"], in: project)
            #expect(unsigned.status == 1)
            #expect(unsigned.standardError.contains("sign: true but no signing key"))

            let keys = try await runModelbuild(["keys", "generate", "release.key"], in: project)
            #expect(keys.status == 0)
            let released = try await runModelbuild(
                ["release", "1.0.0", "--from", version, "--sign-key", "release.key"], in: project)
            #expect(released.status == 0, "\(released.standardOutput)\(released.standardError)")
            #expect(released.standardOutput.contains("promoting it without rebuilding"))
            let signed = try await runModelbuild(["verify", "1.0.0", "--key", "release.key.pub"], in: project)
            #expect(signed.status == 0, "\(signed.standardOutput)")

            let again = try await runModelbuild(["release", "1.0.0", "--sign-key", "release.key"], in: project)
            #expect(again.status == 1)
            #expect(again.standardError.contains("1.0.0 is already published"))

            // A gate the model cannot meet refuses the release, with the numbers.
            let config = project.appendingPathComponent("builds.yaml")
            let text = try String(contentsOf: config, encoding: .utf8)
                .replacingOccurrences(of: "{metric: evaluate.f1, min: 0.5}", with: "{metric: evaluate.f1, min: 1.5}")
            try text.write(to: config, atomically: true, encoding: .utf8)
            let refused = try await runModelbuild(["release", "--bump", "minor", "--sign-key", "release.key"], in: project)
            #expect(refused.status == 1)
            #expect(refused.standardError.contains("evaluate.f1 = 1.0 is below the minimum 1.5"))

            // A flipped byte in a published file is caught, naming the file.
            let files = project.appendingPathComponent("artifacts/lab-model/builds/\(version)/files/evaluate/result.json")
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: files.path)
            var bytes = try Data(contentsOf: files)
            bytes[0] ^= 0x01
            try bytes.write(to: files)
            let damaged = try await runModelbuild(["verify", version], in: project)
            #expect(damaged.status == 1)
            #expect(damaged.standardOutput.contains("files/evaluate/result.json"))
        }
    }
}

/// A nightly built on the previous nightly's model (`base: previous`) is promoted as it is:
/// the release plans with the base model the nightly recorded in its provenance.
@Suite struct PromotionOfIncrementalNightlyTests {
    @Test func aNightlyBuiltOnThePreviousModelIsPromotedWithoutRebuilding() async throws {
        try await withTemporaryDirectory { directory in
            let project = try NightlyBuildTests.makeProject(in: directory)
            #expect(try await runModelbuild(["build", "nightly"], in: project).status == 0)
            let taxonomy = GitFixture(existingAt: directory.appendingPathComponent("taxonomy"))
            let leaf = "compositional_skills/writing/haiku"
            try taxonomy.write("\(leaf)/qna.yaml", NightlyBuildTests.haikuLeaf)
            try taxonomy.write("\(leaf)/attribution.txt", "Title of work: haiku\nLicense of the work: CC-BY-4.0\n")
            try taxonomy.commitAll("Add a haiku skill (#43)")
            let second = try await runModelbuild(["build", "nightly"], in: project)
            #expect(second.status == 0, "\(second.standardOutput)\(second.standardError)")
            let list = try await runModelbuild(["list", "--json"], in: project)
            let rows = try #require(
                try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]])
            let latest = try #require(rows.last?["version"] as? String)
            #expect(try await runModelbuild(["keys", "generate", "release.key"], in: project).status == 0)
            let released = try await runModelbuild(
                ["release", "1.0.0", "--from", latest, "--sign-key", "release.key"], in: project)
            #expect(released.status == 0, "\(released.standardOutput)\(released.standardError)")
            #expect(released.standardOutput.contains("promoting it without rebuilding"))
        }
    }
}
