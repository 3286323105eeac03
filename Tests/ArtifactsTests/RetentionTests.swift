import Artifacts
import Foundation
import Testing

@Suite struct RetentionTests {
    /// Twelve nightlies on consecutive days, each with a file of its own and a shared one,
    /// and releases on days 2, 6 and 9.
    func publishHistory(_ fixture: BuildFixture) async throws -> (nightlies: [String], releases: [String]) {
        var nightlies: [String] = []
        var releases: [String] = []
        for day in 0..<12 {
            let created = BuildFixture.day.addingTimeInterval(Double(day) * 86_400)
            let files = ["shared.txt": "the same every night", "model/weights.bin": "weights of day \(day)"]
            let nightly = try await fixture.publisher.publish(
                try fixture.build(created: created, files: files), version: .template("nightly-{date}", date: created))
            nightlies.append(nightly.version)
            if [2, 6, 9].contains(day) {
                let release = try await fixture.publisher.publish(
                    try fixture.build(kind: .release, created: created.addingTimeInterval(60), files: files),
                    version: .bump(.minor))
                releases.append(release.version)
            }
        }
        return (nightlies, releases)
    }

    @Test func keepsReleasesTheLastNightliesAndRefs() async throws {
        try await withFixture { fixture in
            let (nightlies, releases) = try await publishHistory(fixture)
            #expect(releases == ["0.1.0", "0.2.0", "0.3.0"])
            let collector = GarbageCollector(layout: fixture.layout)
            let before = try fixture.catalog.versionNames()

            let plan = try await collector.collect(keepNightlies: 3, dryRun: true)
            #expect(try fixture.catalog.versionNames() == before, "a dry run changes nothing")
            #expect(plan.removed == Array(nightlies.prefix(9)))
            #expect(Set(plan.kept) == Set(releases + nightlies.suffix(3)))
            // The weights of days 2 and 6 live on in the releases of those days.
            #expect(plan.blobsToRemove.count == 7)
            #expect(plan.bytesToReclaim == 7 * Int64("weights of day 0".utf8.count))
            #expect(plan.decisions.first { $0.version == "0.3.0" }?.reason == "ref release")
            #expect(plan.decisions.first { $0.version == nightlies[0] }?.reason == "older than the last 3 nightlies")

            let done = try await collector.collect(keepNightlies: 3)
            #expect(done == plan)
            #expect(Set(try fixture.catalog.versionNames()) == Set(releases + nightlies.suffix(3)))
            let remainingBlobs = try SystemFolder.names(fixture.layout.blobs)
            let referenced = try Set(fixture.catalog.versionNames().flatMap { try fixture.catalog.manifest(of: $0).files.map(\.sha256) })
            #expect(Set(remainingBlobs) == referenced)
            #expect(await Verifier(layout: fixture.layout, policy: .unsignedReleasesAllowed).verifyAll().isEmpty)
            let index = try JSONFile.read(IndexReport.Index.self, at: fixture.layout.indexJSON)
            #expect(index.versions.count == 6)

            let again = try await collector.collect(keepNightlies: 3)
            #expect(again.removed.isEmpty && again.blobsToRemove.isEmpty)
        }
    }

    @Test func aRefKeepsAnOldNightly() async throws {
        try await withFixture { fixture in
            var versions: [String] = []
            for day in 0..<4 {
                let created = BuildFixture.day.addingTimeInterval(Double(day) * 86_400)
                versions.append(
                    try await fixture.publisher.publish(
                        try fixture.build(created: created), version: .template("nightly-{date}", date: created)
                    ).version)
            }
            let digest = try fixture.catalog.manifestDigest(of: versions[0])
            try Data(try JSONFile.encode(Ref(version: versions[0], manifestDigest: digest), path: "ref"))
                .write(to: URL(fileURLWithPath: fixture.layout.ref("pinned")))
            let plan = try await GarbageCollector(layout: fixture.layout).collect(keepNightlies: 1)
            #expect(plan.removed == [versions[1], versions[2]])
            #expect(plan.decisions.first?.reason == "ref pinned")
        }
    }
}
