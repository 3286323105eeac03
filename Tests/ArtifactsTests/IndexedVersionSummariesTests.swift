import Foundation
import Testing

@testable import Artifacts

/// `index.json`'s version summaries read with the one JSON reader are exactly what
/// decoding them with `Codable` gives, and an index not as the publisher writes it is not
/// read at all (the catalog then summarises the manifests).
@Suite struct IndexedVersionSummariesTests {
    struct IndexedVersions: Decodable { var versions: [VersionSummary] }

    @Test func readingTheIndexGivesWhatDecodingItGives() async throws {
        try await withFixture { fixture in
            _ = try await fixture.publisher.publish(try fixture.build(), version: .semantic("1.0.0"))
            _ = try await fixture.publisher.publish(
                try fixture.build(
                    created: BuildFixture.day.addingTimeInterval(86_400),
                    metrics: [
                        "evaluate.f1": 0.1, "evaluate.leaf.a/b.f1": 1.0 / 3.0, "evaluate.count": 3,
                        "evaluate.tiny": 1e-9, "evaluate.large": 123_456_789.125, "evaluate.negative": -0.25,
                    ]),
                version: .semantic("1.1.0"))
            let read = try #require(IndexedVersionSummaries.read(at: fixture.layout.indexJSON))
            let decoded = try JSONFile.read(IndexedVersions.self, at: fixture.layout.indexJSON).versions
            #expect(read.map(\.version) == ["1.0.0", "1.1.0"])
            #expect(read == decoded)
            #expect(read.allSatisfy { !$0.stages.isEmpty })
        }
    }

    @Test func anIndexNotAsThePublisherWritesItIsNotRead() async throws {
        try await withFixture { fixture in
            _ = try await fixture.publisher.publish(try fixture.build(), version: .semantic("1.0.0"))
            let fromIndex = try fixture.catalog.summaries()
            let index = fixture.layout.indexJSON
            let text = try String(contentsOfFile: index, encoding: .utf8)
            let versions = try #require(text.range(of: #""versions""#))
            let created = try #require(
                text.range(of: #""created" : "[^"]*Z""#, options: .regularExpression, range: versions.upperBound..<text.endIndex))
            let fractional = text.replacingCharacters(
                in: created, with: String(text[created].dropLast(2)) + ".5Z\"")
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: index)
            try Data(fractional.utf8).write(to: URL(fileURLWithPath: index))
            #expect(IndexedVersionSummaries.read(at: index) == nil)
            #expect(try fixture.catalog.summaries() == fromIndex)
            try FileManager.default.removeItem(atPath: index)
            #expect(IndexedVersionSummaries.read(at: index) == nil)
        }
    }
}
