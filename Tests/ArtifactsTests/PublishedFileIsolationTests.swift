import Artifacts
import Foundation
import Testing
import TestSupport

/// Issue #13 item 1, at the publisher: a published file shares no inode with its source,
/// damage done to a published file never reaches the next version, and a source that no
/// longer hashes as its producer recorded is refused.
@Suite struct PublishedFileIsolationTests {
    static let path = "train/model.json"

    @Test func aPublishedFileSharesNoInodeWithItsSource() async throws {
        try await withFixture { fixture in
            let build = try fixture.build()
            let published = try await fixture.publisher.publish(build, version: .semantic("1.0.0"))
            let source = try #require(build.files.first { $0.path == Self.path }).source
            #expect(try inode(of: source) != inode(of: fixture.layout.files(published.version) + "/" + Self.path))
        }
    }

    @Test func aByteFlippedInAPublishedFileNeverReachesTheNextVersion() async throws {
        try await withFixture { fixture in
            let first = try await fixture.publisher.publish(try fixture.build(), version: .semantic("1.0.0"))
            let damaged = fixture.layout.files(first.version) + "/" + Self.path
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: damaged)
            var bytes = try Data(contentsOf: URL(fileURLWithPath: damaged))
            bytes[0] ^= 0x20
            let handle = try #require(FileHandle(forWritingAtPath: damaged))
            try handle.write(contentsOf: bytes)
            try handle.close()

            let second = try await fixture.publisher.publish(try fixture.build(), version: .semantic("1.1.0"))
            let verifier = Verifier(layout: fixture.layout)
            #expect(await verifier.verify(version: second.version).isEmpty)
            #expect(!(await verifier.verify(version: first.version).isEmpty), "the damaged version is still found")
            #expect(try inode(of: damaged) != inode(of: fixture.layout.files(second.version) + "/" + Self.path))
        }
    }

    @Test func aSourceThatNoLongerHashesAsRecordedIsRefused() async throws {
        try await withFixture { fixture in
            var build = try fixture.build()
            let index = try #require(build.files.firstIndex { $0.path == Self.path })
            build.files[index].expectedSHA256 = String(repeating: "0", count: 64)
            let error = await #expect(throws: ArtifactsError.self) {
                try await fixture.publisher.publish(build, version: .semantic("1.0.0"))
            }
            #expect(error?.code == .damagedSource)
            #expect(error?.reason.contains("verify --store") == true)
            #expect(try fixture.catalog.versionNames() == [])
        }
    }
}
