import Artifacts
import Foundation
import Testing
import TestSupport
import YAML

/// Every published version carries a model card and a data card made from its manifest,
/// listed in it with their digests, checked by `verify`, linked from the version page.
@Suite struct ModelCardTests {
    static let contributions = [
        Manifest.Contribution(
            leaf: "knowledge/science/birds", kind: "knowledge", createdBy: "ann",
            lastChange: Manifest.LastChange(
                commit: BuildFixture.commit, pullRequest: 123, author: "Ann <ann@example.com>",
                subject: "Merge pull request #123 from ann/birds"),
            attribution: Manifest.Attribution(
                title: "The Birds of Europe", link: "https://example.org/birds", revision: "2", license: "CC-BY-SA-4.0",
                creator: "Ann Example"),
            documents: Manifest.Documents(
                repository: "https://example.org/birds-docs.git", commit: String(repeating: "d", count: 40),
                files: [Manifest.DocumentFile(path: "birds.md", sha256: String(repeating: "e", count: 64))],
                license: "CC-BY-SA-4.0")),
        Manifest.Contribution(
            leaf: "compositional_skills/writing/haiku", kind: "skill", createdBy: nil,
            lastChange: Manifest.LastChange(
                commit: String(repeating: "c", count: 40), pullRequest: 9, author: "Bob Writer <bob@example.com>",
                subject: "Merge pull request #9"),
            attribution: nil, documents: nil),
    ]

    func publish(_ fixture: BuildFixture) async throws -> PublishedBuild {
        var build = try fixture.build(metrics: ["evaluate.f1": 0.71, "evaluate.exact_match": 0.5, "evaluate.leaf.knowledge/science/birds.f1": 0.9])
        build.contributions = Self.contributions
        return try await fixture.publisher.publish(build, version: .semantic("1.0.0"))
    }

    @Test func theModelCardsFrontMatterIsYAMLWithTheHuggingFaceKeys() async throws {
        try await withFixture { fixture in
            let published = try await publish(fixture)
            let card = try String(contentsOfFile: published.path + "/README.md", encoding: .utf8)
            #expect(card.hasPrefix("---\n"))
            let end = try #require(card.range(of: "\n---\n", range: card.index(card.startIndex, offsetBy: 4)..<card.endIndex))
            let frontMatter = String(card[card.index(card.startIndex, offsetBy: 4)..<end.lowerBound])
            let root = try #require(try YAMLParser.parse(frontMatter, file: "README.md"))
            #expect(root["license"]?.scalar?.text == "CC-BY-SA-4.0")
            #expect(root["base_model"]?.scalar?.text == "file:///models/base-7b")
            #expect(
                root["datasets"]?.sequence?.first?.scalar?.text
                    == "https://github.com/instructlab/taxonomy.git@\(BuildFixture.commit)")
            #expect(root["tags"]?.sequence?.compactMap(\.scalar?.text).contains("instructlab") == true)
            let result = try #require(root["model-index"]?.sequence?.first?["results"]?.sequence?.first)
            #expect(result["dataset"]?["revision"]?.scalar?.text == BuildFixture.commit)
            let metrics = try #require(result["metrics"]?.sequence)
            var values: [String: String] = [:]
            for metric in metrics {
                if let name = metric["name"]?.scalar?.text { values[name] = metric["value"]?.scalar?.text ?? "" }
            }
            #expect(values == ["evaluate.exact_match": "0.5", "evaluate.f1": "0.71"])
            #expect(card.contains("[DATACARD.md](DATACARD.md)"))
        }
    }

    @Test func theDataCardListsEachLeafWithItsLicenceAndCreator() async throws {
        try await withFixture { fixture in
            let published = try await publish(fixture)
            let card = try String(contentsOfFile: published.path + "/DATACARD.md", encoding: .utf8)
            #expect(card.contains("| `knowledge/science/birds` | knowledge | ann | `0123456789ab` #123 Ann | The Birds of Europe | CC-BY-SA-4.0 | Ann Example |"))
            #expect(card.contains("| `compositional_skills/writing/haiku` | skill |  | `cccccccccccc` #9 Bob Writer |  | unknown |  |"))
            #expect(card.contains("| https://example.org/birds-docs.git | `dddddddddddd` | CC-BY-SA-4.0 |"))

            let credits = Credits(try fixture.catalog.manifest(of: "1.0.0"))
            #expect(credits.contributors.map(\.name) == ["Bob Writer", "ann"])
            #expect(credits.licenses == ["CC-BY-SA-4.0": 1, "unknown": 1])
            #expect(credits.sources.map(\.creator) == ["Ann Example"])
        }
    }

    @Test func theManifestListsBothCardsAndVerifyChecksThem() async throws {
        try await withFixture { fixture in
            let published = try await publish(fixture)
            let manifest = try fixture.catalog.manifest(of: published.version)
            #expect(manifest.cards?.map(\.path) == ["README.md", "DATACARD.md"])
            #expect(manifest.contributions == Self.contributions)
            #expect(await Verifier(layout: fixture.layout).verifyAll() == [])

            let provenance = try String(contentsOfFile: published.path + "/provenance.json", encoding: .utf8)
            #expect(provenance.contains("git+https://example.org/birds-docs.git"))

            let page = try String(contentsOfFile: published.path + "/index.html", encoding: .utf8)
            #expect(page.contains("<a href=\"README.md\">Model card</a>"))
            #expect(page.contains("data-leaf=\"knowledge/science/birds\""))

            let path = published.path + "/DATACARD.md"
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
            try Data("# forged\n".utf8).write(to: URL(fileURLWithPath: path))
            let failures = await Verifier(layout: fixture.layout).verify(version: published.version)
            #expect(failures.map(\.path) == [path])
        }
    }
}
