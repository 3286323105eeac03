import Artifacts
import Foundation
import Testing

/// Listing versions reads each manifest's bytes, and decodes only those `index.json` does
/// not already summarise under the same digest: the summaries are the same either way,
/// and an edited manifest is never summarised from the index.
@Suite struct CatalogSummaryTests {
    @Test func summariesFromTheIndexEqualSummariesFromTheManifests() async throws {
        try await withFixture { fixture in
            _ = try await fixture.publisher.publish(try fixture.build(), version: .semantic("1.0.0"))
            _ = try await fixture.publisher.publish(
                try fixture.build(created: BuildFixture.day.addingTimeInterval(86_400), metrics: ["evaluate.f1": 0.8]),
                version: .semantic("1.1.0"))
            let fromIndex = try fixture.catalog.summaries()
            try FileManager.default.removeItem(atPath: fixture.layout.indexJSON)
            let fromManifests = try fixture.catalog.summaries()
            #expect(fromIndex.map(\.version) == ["1.0.0", "1.1.0"])
            #expect(fromIndex == fromManifests)
        }
    }

    @Test func aManifestEditedAfterTheIndexWasWrittenIsSummarisedFromItsBytes() async throws {
        try await withFixture { fixture in
            _ = try await fixture.publisher.publish(try fixture.build(), version: .semantic("1.0.0"))
            let manifest = fixture.layout.manifest("1.0.0")
            let text = try String(contentsOfFile: manifest, encoding: .utf8)
            #expect(text.contains("0.71"))
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: manifest)
            try Data(text.replacingOccurrences(of: "0.71", with: "0.99").utf8).write(to: URL(fileURLWithPath: manifest))
            let summary = try #require(try fixture.catalog.summaries().first)
            #expect(summary.metrics["evaluate.f1"] == 0.99)
        }
    }
}
