import Foundation
import TestSupport
import Testing

import Glibc

/// Blobs above `MODELBUILD_REGISTRY_CHUNK_MIB` go to the real registry in PATCH chunks with
/// `Content-Range`, then a PUT with the digest; what arrives pulls and verifies.
@Suite(.enabled(if: TestRegistry.isAvailable, TestRegistry.skipReason))
struct ChunkedUploadTests {
    @Test func largeBlobsGoInChunksAndComeBackVerified() async throws {
        let registry = try #require(TestRegistry.shared)
        try await withProjectFolder { directory in
            let nightly = try await SignedNightly.make(in: directory, megabytes: 3)
            let repository = "e2e/chunked-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            let destination = "\(registry.address)/\(repository):nightly"

            let push = try await runModelbuild(
                ["push", nightly.version, destination, "--json"] + registry.login, in: nightly.folder,
                environment: registry.environment.merging(["MODELBUILD_REGISTRY_CHUNK_MIB": "1"]) { $1 })
            #expect(push.status == 0, "\(push.standardError)")
            let report = try jsonObject(push)
            #expect(try registry.blobUploads(into: repository) == report["uploadedBlobs"] as? Int)
            // Four files of 3 MiB, three chunks each; the small blobs go in one PUT.
            let patches = try registry.chunkUploads(into: repository)
            #expect(patches.count == 12, "\(patches)")
            #expect(patches.allSatisfy { $0 == "202" }, "\(patches)")

            let pulledFolder = directory.appendingPathComponent("pulled").path
            let pulled = try await runModelbuild(
                ["pull", destination, pulledFolder, "--key", nightly.publicKey] + registry.login, in: directory,
                environment: registry.environment)
            #expect(pulled.status == 0, "\(pulled.standardError)")
            let part = "artifacts/lab-model/builds/\(nightly.version)/files/weights/part-2.bin"
            #expect(
                try Data(contentsOf: URL(fileURLWithPath: pulledFolder + "/files/weights/part-2.bin"))
                    == Data(contentsOf: nightly.folder.appendingPathComponent(part)))
        }
    }
}

extension TestRegistry {
    /// The statuses the registry answered chunk uploads (`PATCH …/blobs/uploads/…`) into
    /// `repository` with, from its access log.
    func chunkUploads(into repository: String) throws -> [String] {
        let text = try String(contentsOfFile: log, encoding: .utf8)
        return text.split(separator: "\n").filter { $0.contains("\"PATCH /v2/\(repository)/blobs/uploads/") }.map {
            guard let range = $0.range(of: "HTTP/1.1\" ") else { return String($0) }
            return String($0[range.upperBound...].prefix(3))
        }
    }
}
