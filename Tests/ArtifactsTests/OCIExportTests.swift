import Artifacts
import Foundation
import Platform
import Testing
import TestSupport

@Suite struct OCIExportTests {
    func export(_ fixture: BuildFixture) async throws -> (PublishedBuild, String, String) {
        let published = try await fixture.publisher.publish(try fixture.build(kind: .release), version: .semantic("1.4.0"))
        let directory = fixture.directory.appendingPathComponent("oci").path
        let digest = try OCIExporter(layout: fixture.layout).export(version: "1.4.0", to: directory)
        return (published, directory, digest)
    }

    func json(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    @Test func writesAnImageLayoutWithAnArtifactManifest() async throws {
        try await withFixture { fixture in
            let (published, directory, digest) = try await export(fixture)
            #expect(try json(directory + "/oci-layout")["imageLayoutVersion"] as? String == "1.0.0")
            let index = try json(directory + "/index.json")
            let entries = try #require(index["manifests"] as? [[String: Any]])
            #expect(entries.count == 1)
            #expect(entries[0]["digest"] as? String == digest)
            #expect((entries[0]["annotations"] as? [String: String])?["org.opencontainers.image.ref.name"] == "1.4.0")

            let manifestPath = directory + "/blobs/sha256/" + digest.dropFirst("sha256:".count)
            let manifestBytes = try Data(contentsOf: URL(fileURLWithPath: manifestPath))
            #expect("sha256:" + SHA256Digest.hex(manifestBytes) == digest)
            let manifest = try json(manifestPath)
            #expect(manifest["artifactType"] as? String == "application/vnd.modelbuild.model.v1")
            let config = try #require(manifest["config"] as? [String: Any])
            #expect(config["mediaType"] as? String == "application/vnd.modelbuild.manifest.v1+json")
            #expect(config["digest"] as? String == published.manifestDigest)
            let allLayers = try #require(manifest["layers"] as? [[String: Any]])
            let layers = allLayers.filter { $0["mediaType"] as? String == "application/vnd.modelbuild.file.v1" }
            #expect(layers.map { ($0["annotations"] as? [String: String])?["org.opencontainers.image.title"] }
                == published.manifest.files.map(\.path))
            // Then the records, so a copy of this one manifest carries what verify needs.
            let records = allLayers.dropFirst(layers.count)
            let recordTypes = Dictionary(
                uniqueKeysWithValues: records.compactMap { record -> (String, String)? in
                    guard let title = (record["annotations"] as? [String: String])?["org.opencontainers.image.title"] else { return nil }
                    return (title, record["mediaType"] as? String ?? "")
                })
            #expect(
                recordTypes == [
                    "provenance.json": "application/vnd.in-toto+json", "README.md": "text/markdown",
                    "DATACARD.md": "text/markdown",
                ])
            for (layer, file) in zip(layers, published.manifest.files) {
                let blob = directory + "/blobs/sha256/" + file.sha256
                #expect(layer["digest"] as? String == "sha256:" + file.sha256)
                #expect(try FileHasher.digest(ofFileAt: blob) == FileDigest(size: file.size, sha256: file.sha256))
            }
            let annotations = try #require(manifest["annotations"] as? [String: String])
            #expect(annotations["org.opencontainers.image.version"] == "1.4.0")
            #expect(annotations["org.opencontainers.image.revision"] == BuildFixture.commit)
            #expect(annotations["org.opencontainers.image.created"] == "2026-11-27T04:00:00Z")
            #expect(annotations["org.opencontainers.image.source"] == "https://github.com/instructlab/taxonomy.git")
        }
    }

    @Test func exportingTwiceAddsTagsToTheSameLayout() async throws {
        try await withFixture { fixture in
            let (_, directory, _) = try await export(fixture)
            _ = try await fixture.publisher.publish(try fixture.build(kind: .release), version: .semantic("1.5.0"))
            _ = try OCIExporter(layout: fixture.layout).export(version: "1.5.0", to: directory)
            _ = try OCIExporter(layout: fixture.layout).export(version: "1.4.0", to: directory)
            let entries = try #require(try json(directory + "/index.json")["manifests"] as? [[String: Any]])
            #expect(entries.compactMap { ($0["annotations"] as? [String: String])?["org.opencontainers.image.ref.name"] }
                == ["1.5.0", "1.4.0"])
        }
    }

    /// skopeo (Debian package: skopeo) reads the layout and the tag.
    @Test func skopeoReadsTheLayout() async throws {
        guard isInstalled("skopeo") else {
            try Test.cancel("skopeo is not installed (Debian package: skopeo); the OCI layout was not read by a real tool")
        }
        try await withFixture { fixture in
            let (_, directory, digest) = try await export(fixture)
            let raw = try await runProgram("skopeo", ["inspect", "--raw", "oci:\(directory):1.4.0"], in: fixture.directory)
            #expect(raw.status == 0, "\(raw.standardError)")
            #expect("sha256:" + SHA256Digest.hex(Array(raw.standardOutput.utf8)) == digest)
            let copy = fixture.directory.appendingPathComponent("copy").path
            let copied = try await runProgram(
                "skopeo", ["copy", "oci:\(directory):1.4.0", "oci:\(copy):1.4.0"], in: fixture.directory)
            #expect(copied.status == 0, "\(copied.standardError)")
        }
    }
}
