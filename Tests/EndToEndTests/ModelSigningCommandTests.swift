import Foundation
import TestSupport
import Testing

/// OpenSSF Model Signing from the command line, against the real `model_signing` 1.x: a
/// release signed with `keys generate --algorithm ecdsa-p256` passes the consumer's
/// `model_signing verify key`, and `modelbuild verify` accepts a folder `model_signing sign
/// key` signed, refusing it after a flipped byte, a removed file or an added file.
@Suite(.enabled(if: ModelSigningTool.isInstalled, Comment(rawValue: ModelSigningTool.skipReason)))
struct ModelSigningCommandTests {
    @Test func verifyAcceptsAFolderModelSigningSignedAndRefusesEachTampering() async throws {
        try await withTemporaryDirectory { directory in
            let generated = try await runModelbuild(["keys", "generate", "--algorithm", "ecdsa-p256", "signer.key"], in: directory)
            #expect(generated.status == 0, "\(generated.standardError)")
            #expect(generated.standardOutput.contains("ecdsa-p256 key id"))
            _ = try ModelSigningTool.makeModelFolder(in: directory)
            let signed = try await ModelSigningTool.run(
                ["sign", "key", "--private_key", "signer.key", "--signature", "model.sig", "model"], in: directory)
            #expect(signed.status == 0, "\(signed.standardOutput) \(signed.standardError)")

            let accepted = try await runModelbuild(
                ["verify", "model", "--signature", "model.sig", "--key", "signer.key.pub"], in: directory)
            #expect(accepted.status == 0, "\(accepted.standardOutput) \(accepted.standardError)")
            #expect(accepted.standardOutput.contains("ok: model verified"))

            let untrusted = try await runModelbuild(["verify", "model", "--signature", "model.sig", "--json"], in: directory)
            #expect(untrusted.status == 1, "\(untrusted.standardOutput)")
            #expect(untrusted.standardOutput.contains("\"ok\":false"))
            #expect(untrusted.standardOutput.contains("no ECDSA P-256 key is trusted"))

            let tamperings: [(name: String, damage: (String) throws -> Void, says: String)] = [
                ("flipped", { model in
                    let url = URL(fileURLWithPath: model + "/model.safetensors")
                    var bytes = try Data(contentsOf: url)
                    bytes[100] ^= 0x80
                    try bytes.write(to: url)
                }, "model.safetensors: sha256 is"),
                ("removed", { try FileManager.default.removeItem(atPath: $0 + "/config/params.json") },
                 "config/params.json: listed in the model signature but missing"),
                ("added", { try Data("more\n".utf8).write(to: URL(fileURLWithPath: $0 + "/extra.bin")) },
                 "extra.bin: not listed in the model signature"),
            ]
            for tampering in tamperings {
                let copy = directory.path + "/" + tampering.name
                try FileManager.default.copyItem(atPath: directory.path + "/model", toPath: copy)
                try tampering.damage(copy)
                let refused = try await runModelbuild(
                    ["verify", tampering.name, "--signature", "model.sig", "--key", "signer.key.pub"], in: directory)
                #expect(refused.status == 1, "\(tampering.name): \(refused.standardOutput) \(refused.standardError)")
                #expect(refused.standardOutput.contains(tampering.says), "\(tampering.name): \(refused.standardOutput)")
            }
        }
    }

    /// `model_signing sign key` with its default `--signature model.sig` inside the folder:
    /// `modelbuild verify ./model` finds the bundle there.
    @Test func verifyFindsTheBundleInsideTheFolder() async throws {
        try await withTemporaryDirectory { directory in
            #expect(try await runModelbuild(["keys", "generate", "--algorithm", "ecdsa-p256", "signer.key"], in: directory).status == 0)
            let model = try ModelSigningTool.makeModelFolder(in: directory)
            let signed = try await ModelSigningTool.run(
                ["sign", "key", "--private_key", "../signer.key", "."], in: URL(fileURLWithPath: model))
            #expect(signed.status == 0, "\(signed.standardOutput) \(signed.standardError)")
            let accepted = try await runModelbuild(["verify", "./model", "--key", "signer.key.pub"], in: directory)
            #expect(accepted.status == 0, "\(accepted.standardOutput) \(accepted.standardError)")
            let missing = try await runModelbuild(["verify", "model", "--signature", "nowhere.sig", "--key", "signer.key.pub"], in: directory)
            #expect(missing.status == 2, "\(missing.standardOutput) \(missing.standardError)")
        }
    }

    /// The release a maintainer signs with a P-256 key passes the exact command
    /// docs/publishing.md gives consumers, and `modelbuild verify`.
    @Test func aReleaseSignedWithAP256KeyPassesModelSigningVerify() async throws {
        try await withTemporaryDirectory { directory in
            let project = try NightlyBuildTests.makeProject(in: directory)
            let nightly = try await runModelbuild(["build", "nightly"], in: project)
            #expect(nightly.status == 0, "\(nightly.standardError)")
            #expect(try await runModelbuild(["keys", "generate", "--algorithm", "ecdsa-p256", "release.key"], in: project).status == 0)
            let object = try JSONSerialization.jsonObject(
                with: Data(contentsOf: project.appendingPathComponent("artifacts/lab-model/refs/nightly")))
            let version = try #require((object as? [String: Any])?["version"] as? String)
            let release = try await runModelbuild(["release", "1.0.0", "--from", version, "--sign-key", "release.key"], in: project)
            #expect(release.status == 0, "\(release.standardError)")

            let folder = "artifacts/lab-model/builds/1.0.0"
            let consumer = try await ModelSigningTool.run(
                ["verify", "key", "--signature", folder + "/model.sig", "--public_key", "release.key.pub", folder + "/files"],
                in: project)
            #expect(consumer.status == 0, "\(consumer.standardOutput) \(consumer.standardError)")
            let ours = try await runModelbuild(["verify", "1.0.0", "--key", "release.key.pub"], in: project)
            #expect(ours.status == 0, "\(ours.standardOutput) \(ours.standardError)")
        }
    }
}
