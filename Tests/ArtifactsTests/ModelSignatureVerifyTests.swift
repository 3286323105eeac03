import Artifacts
import Foundation
import Platform
import Testing
import TestSupport

/// `verify` holds a version's `model.sig` to the same trust as `manifest.sig.json`: signed by
/// a key trusted for the version, over exactly the files its manifest lists.
@Suite struct ModelSignatureVerifyTests {
    @Test func aModelSignatureOfOtherFilesIsCaught() async throws {
        try await withFixture { fixture in
            let key = SigningKey(algorithm: .ecdsaP256)
            _ = try await fixture.publisher.publish(try fixture.build(), version: .semantic("1.0.0"), signingKey: key)
            _ = try await fixture.publisher.publish(
                try fixture.build(files: ["train/model.json": "{\"weights\": [4]}\n"]), version: .semantic("1.1.0"),
                signingKey: key)
            let version = try writableCopy(of: fixture.layout.build("1.1.0"), to: fixture.directory.path + "/copy")
            try FileManager.default.removeItem(atPath: version + "/model.sig")
            try FileManager.default.copyItem(atPath: fixture.layout.modelSignature("1.0.0"), toPath: version + "/model.sig")
            let failures = await Verifier.verify(buildDirectory: version, key: key.publicKey)
            #expect(failures.count == 1, "\(failures)")
            #expect(failures.first?.path == version + "/model.sig")
            #expect(failures.first?.message.contains("does not sign the manifest's files") == true, "\(failures)")
        }
    }

    @Test func aModelSignatureNeedsATrustedP256Key() async throws {
        try await withFixture { fixture in
            let key = SigningKey(algorithm: .ecdsaP256)
            _ = try await fixture.publisher.publish(try fixture.build(), version: .semantic("1.0.0"), signingKey: key)
            let version = fixture.layout.build("1.0.0")
            #expect(await Verifier.verify(buildDirectory: version, key: key.publicKey).isEmpty)

            let stranger = SigningKey(algorithm: .ecdsaP256).publicKey
            let untrusted = await Verifier.verify(buildDirectory: version, key: stranger)
            #expect(untrusted.contains { $0.path.hasSuffix("/model.sig") && $0.message.contains("not trusted") }, "\(untrusted)")
            #expect(untrusted.contains { $0.path.hasSuffix("/manifest.sig.json") }, "\(untrusted)")

            // Keys are compared by algorithm and bytes: an ed25519 key trusts no P-256 signature.
            let ed25519 = await Verifier.verify(buildDirectory: version, key: SigningKey().publicKey)
            #expect(ed25519.contains { $0.message.contains("no ECDSA P-256 key is trusted") }, "\(ed25519)")
        }
    }
}
