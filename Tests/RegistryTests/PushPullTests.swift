import Foundation
import TestSupport
import Testing

import Glibc

/// `modelbuild push` and `pull` against the real distribution registry scripts/test
/// starts, with skopeo as the independent client.
@Suite(.enabled(if: TestRegistry.isAvailable, TestRegistry.skipReason))
struct PushPullTests {
    /// A signed nightly pushed: skopeo sees its layers and annotations and copies it to an
    /// OCI layout that `verify` accepts; `pull` into a fresh folder verifies; a second push
    /// sends 0 bytes, as the registry's own log confirms.
    @Test func aSignedNightlyGoesThereAndBack() async throws {
        let registry = try #require(TestRegistry.shared)
        try await withProjectFolder { directory in
            let nightly = try await SignedNightly.make(in: directory)
            let repository = "e2e/model-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            let destination = "\(registry.address)/\(repository):nightly"

            let first = try await runModelbuild(
                ["push", nightly.version, destination, "--json"] + registry.login, in: nightly.folder,
                environment: registry.environment)
            #expect(first.status == 0, "\(first.standardError)")
            let pushed = try jsonObject(first)
            let uploaded = try #require(pushed["uploadedBlobs"] as? Int)
            #expect(uploaded >= 6)  // 5 files, the config, the records' empty config, the provenance and signature
            #expect((pushed["uploadedBytes"] as? Int ?? 0) > 4 << 20)
            #expect(try registry.blobUploads(into: repository) == uploaded)

            let raw = try await runProgram(
                "skopeo", ["inspect", "--raw"] + registry.skopeoLogin + ["docker://" + destination], in: directory)
            #expect(raw.status == 0, "\(raw.standardError)")
            let manifest = try #require(try JSONSerialization.jsonObject(with: Data(raw.standardOutput.utf8)) as? [String: Any])
            #expect(manifest["artifactType"] as? String == "application/vnd.modelbuild.model.v1")
            let annotations = try #require(manifest["annotations"] as? [String: String])
            #expect(annotations["org.opencontainers.image.version"] == nightly.version)
            let layers = try #require(manifest["layers"] as? [[String: Any]])
            let titles = layers.compactMap { ($0["annotations"] as? [String: String])?["org.opencontainers.image.title"] }
            #expect(Set(titles).isSuperset(of: ["weights/part-1.bin", "weights/config.json", "provenance.json", "manifest.sig.json"]))
            #expect("sha256:" + (pushed["manifestDigest"] as? String ?? "").dropFirst(7) == pushed["manifestDigest"] as? String)

            let layout = directory.appendingPathComponent("copied").path
            let copied = try await runProgram(
                "skopeo",
                ["copy", "--src-tls-verify=false", "--src-creds", "\(registry.user):\(registry.password)", "docker://" + destination,
                 "oci:\(layout):nightly"], in: directory)
            #expect(copied.status == 0, "\(copied.standardError)")
            let verifiedCopy = try await runModelbuild(["verify", layout, "--key", nightly.publicKey], in: directory)
            #expect(verifiedCopy.status == 0, "\(verifiedCopy.standardOutput)\(verifiedCopy.standardError)")

            let pulledFolder = directory.appendingPathComponent("pulled").path
            let pulled = try await runModelbuild(
                ["pull", destination, pulledFolder, "--key", nightly.publicKey] + registry.login, in: directory,
                environment: registry.environment)
            #expect(pulled.status == 0, "\(pulled.standardError)")
            let verifiedPull = try await runModelbuild(["verify", pulledFolder, "--key", nightly.publicKey], in: directory)
            #expect(verifiedPull.status == 0, "\(verifiedPull.standardOutput)\(verifiedPull.standardError)")
            let original = try Data(contentsOf: nightly.folder.appendingPathComponent("artifacts/lab-model/builds/\(nightly.version)/manifest.json"))
            #expect(try Data(contentsOf: URL(fileURLWithPath: pulledFolder + "/manifest.json")) == original)

            let uploadsBefore = try registry.blobUploads(into: repository)
            let second = try await runModelbuild(
                ["push", nightly.version, destination, "--json"] + registry.login, in: nightly.folder,
                environment: registry.environment)
            #expect(second.status == 0, "\(second.standardError)")
            let again = try jsonObject(second)
            #expect(again["uploadedBytes"] as? Int == 0)
            #expect(again["uploadedBlobs"] as? Int == 0)
            #expect(again["manifestDigest"] as? String == pushed["manifestDigest"] as? String)
            #expect(try registry.blobUploads(into: repository) == uploadsBefore)

            // Another repository of the same registry: the blobs are mounted, not sent.
            let mounted = try await runModelbuild(
                ["push", nightly.version, "\(registry.address)/\(repository)-copy", "--mount-from", repository, "--json"]
                    + registry.login, in: nightly.folder, environment: registry.environment)
            #expect(mounted.status == 0, "\(mounted.standardError)")
            let mount = try jsonObject(mounted)
            #expect(mount["uploadedBytes"] as? Int == 0)
            #expect(mount["mountedBlobs"] as? Int == uploaded)
            #expect(try registry.blobUploads(into: repository + "-copy") == 0)
        }
    }

    /// A pull that does not verify (here: a signed version and no trusted key) leaves
    /// nothing behind.
    @Test func aPullThatDoesNotVerifyWritesNothing() async throws {
        let registry = try #require(TestRegistry.shared)
        try await withProjectFolder { directory in
            let nightly = try await SignedNightly.make(in: directory)
            let destination = "\(registry.address)/e2e/untrusted-\(getpid()):\(nightly.version)"
            let push = try await runModelbuild(
                ["push", nightly.version, destination] + registry.login, in: nightly.folder, environment: registry.environment)
            #expect(push.status == 0, "\(push.standardError)")
            let target = directory.appendingPathComponent("pulled").path
            let pulled = try await runModelbuild(
                ["pull", destination, target] + registry.login, in: directory, environment: registry.environment)
            #expect(pulled.status == 1)
            #expect(pulled.standardError.contains("no trusted key"), "\(pulled.standardError)")
            #expect(!FileManager.default.fileExists(atPath: target))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".") }.isEmpty)
        }
    }

    @Test func aWrongPasswordIsAClearError() async throws {
        let registry = try #require(TestRegistry.shared)
        try await withProjectFolder { directory in
            let nightly = try await SignedNightly.make(in: directory)
            let result = try await runModelbuild(
                ["push", nightly.version, "\(registry.address)/e2e/refused"] + registry.login, in: nightly.folder,
                environment: ["MODELBUILD_REGISTRY_PASSWORD": registry.password + "x"])
            #expect(result.status == 1)
            #expect(result.standardError.contains("refused user \(registry.user) (HTTP 401)"), "\(result.standardError)")
            #expect(result.standardError.contains("$MODELBUILD_REGISTRY_PASSWORD"))
            #expect(!result.standardError.contains(registry.password))
        }
    }

    @Test func plainHTTPIsRefusedBeyondThisMachine() async throws {
        try await withProjectFolder { directory in
            let nightly = try await SignedNightly.make(in: directory)
            let result = try await runModelbuild(
                ["push", nightly.version, "registry.example.com/team/model", "--insecure"], in: nightly.folder)
            #expect(result.status == 2)
            #expect(result.standardError.contains("only for a registry on this machine"), "\(result.standardError)")
        }
    }
}

/// Runs `body` in a temporary folder it can delete afterwards (published files are read-only).
func withProjectFolder(_ body: (URL) async throws -> Void) async throws {
    try await withTemporaryDirectory { directory in
        defer { _ = try? SpawnedProcess.run("/bin/chmod", ["-R", "u+w", directory.path], environment: [:]) }
        try await body(directory)
    }
}
