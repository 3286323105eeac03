import Artifacts
import Foundation
import Testing

@Suite struct PromotionTests {
    @Test func findsTheNewestNightlyWithMatchingKeysAndPromotesIt() async throws {
        try await withFixture { fixture in
            let keys = BuildFixture.defaultStageKeys
            var changed = keys
            changed["train"] = String(repeating: "9", count: 64)
            let day2 = BuildFixture.day.addingTimeInterval(86_400)
            let matching = try await fixture.publisher.publish(
                try fixture.build(created: BuildFixture.day, stageKeys: keys), version: .template("nightly-{date}", date: BuildFixture.day))
            _ = try await fixture.publisher.publish(
                try fixture.build(created: day2, stageKeys: changed), version: .template("nightly-{date}", date: day2))

            let newest = try fixture.catalog.manifest(of: "nightly-2026-11-28")
            #expect(Promotion.differences(newest, plannedKeys: keys) == [
                StageKeyDifference(stage: "train", published: changed["train"], planned: keys["train"])
            ])
            let found = try #require(try Promotion.newestMatchingNightly(in: fixture.catalog, plannedKeys: keys))
            #expect(found.version == matching.version)
            #expect(try Promotion.newestMatchingNightly(in: fixture.catalog, plannedKeys: ["other": "x"]) == nil)

            let release = try Promotion.releaseBuild(
                promoting: found.version, in: fixture.catalog, buildName: "release", created: day2.addingTimeInterval(60),
                configDigest: String(repeating: "a", count: 64), runID: "promote-1")
            let key = SigningKey()
            let published = try await fixture.publisher.publish(release, version: .semantic("1.0.0"), signingKey: key)
            #expect(published.manifest.rootDigest == matching.manifest.rootDigest)
            #expect(published.manifest.files == matching.manifest.files)
            #expect(published.manifest.build.kind == .release)
            #expect(published.refs == ["latest", "release"])
            #expect(await Verifier(layout: fixture.layout).verifyAll(key: key.publicKey).isEmpty)
        }
    }
}
