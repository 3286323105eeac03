import Artifacts
import Foundation
import Platform
import Testing
import TestSupport

@Suite struct SigningTests {
    /// The DSSE specification's own example.
    @Test func preAuthenticationEncodingFollowsDSSE() {
        let pae = SignatureEnvelope.preAuthenticationEncoding(
            payloadType: "http://example.com/HelloWorld", payload: Array("hello world".utf8))
        #expect(String(decoding: pae, as: UTF8.self) == "DSSEv1 29 http://example.com/HelloWorld 11 hello world")
    }

    @Test func keyFilesRoundTripWithTheirModes() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("release.key").path
            let key = SigningKey()
            try key.write(to: path)
            #expect(try mode(of: path) == 0o600)
            #expect(try mode(of: path + ".pub") == 0o644)
            #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
            #expect(try SigningKey(contentsOf: path).publicKey == key.publicKey)
            #expect(try VerifyingKey(contentsOf: path + ".pub") == key.publicKey)
            #expect(try VerifyingKey(contentsOf: path) == key.publicKey)
            let error = #expect(throws: ArtifactsError.self) { try SigningKey().write(to: path) }
            #expect(error?.code == .systemCall)
            #expect(try SigningKey(contentsOf: path).publicKey == key.publicKey, "an existing key is never replaced")
        }
    }

    @Test func malformedKeyFilesAreRefused() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("bad.key").path
            try "-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----\n".write(
                toFile: path, atomically: true, encoding: .utf8)
            let error = #expect(throws: ArtifactsError.self) { try SigningKey(contentsOf: path) }
            #expect(error?.code == .invalidKey)
            #expect(error?.path == path)
        }
    }

    /// OpenSSL reads our key files and accepts our signatures over the PAE: the format and
    /// the envelope are the standard ones, not just self-consistent.
    @Test(.enabled(if: isInstalled("openssl"), "openssl is not installed"))
    func openSSLAgreesWithOurKeysAndSignatures() async throws {
        try await withTemporaryDirectory { directory in
            let keyPath = directory.appendingPathComponent("release.key").path
            let key = SigningKey()
            try key.write(to: keyPath)
            let derived = try await runProgram("openssl", ["pkey", "-in", keyPath, "-pubout"], in: directory)
            #expect(derived.status == 0, "\(derived.standardError)")
            #expect(derived.standardOutput == (try String(contentsOfFile: keyPath + ".pub", encoding: .utf8)))

            let payload = Array("{\"name\": \"lab-model\"}\n".utf8)
            let envelope = try SignatureEnvelope(signing: payload, with: key)
            let pae = SignatureEnvelope.preAuthenticationEncoding(payloadType: envelope.payloadType, payload: payload)
            try Data(pae).write(to: directory.appendingPathComponent("pae.bin"))
            try Data(base64Encoded: envelope.signatures[0].sig)!.write(to: directory.appendingPathComponent("sig.bin"))
            let verified = try await runProgram(
                "openssl",
                ["pkeyutl", "-verify", "-pubin", "-inkey", keyPath + ".pub", "-rawin", "-in", "pae.bin", "-sigfile", "sig.bin"],
                in: directory)
            #expect(verified.status == 0, "\(verified.standardOutput) \(verified.standardError)")
            #expect(envelope.signatures[0].keyid == SHA256Digest.hex(key.publicKey.rawRepresentation))
        }
    }
}

@Suite struct SigningPublishedVersionsTests {
    @Test func aPublishedVersionCanBeSignedLaterByMoreThanOneKey() async throws {
        try await withFixture { fixture in
            let published = try await fixture.publisher.publish(try fixture.build(), version: .semantic("1.0.0"))
            let first = SigningKey(), second = SigningKey()
            _ = try await fixture.publisher.sign(version: "1.0.0", with: first)
            let envelope = try await fixture.publisher.sign(version: "1.0.0", with: second)
            let again = try await fixture.publisher.sign(version: "1.0.0", with: second)
            #expect(envelope.signatures.map(\.keyid) == [first.publicKey.keyID, second.publicKey.keyID])
            #expect(again == envelope)
            #expect(try fixture.catalog.manifestDigest(of: "1.0.0") == published.manifestDigest)
            let verifier = Verifier(layout: fixture.layout)
            #expect(await verifier.verifyAll(key: first.publicKey).isEmpty)
            #expect(await verifier.verifyAll(key: second.publicKey).isEmpty)
        }
    }
}

/// ECDSA P-256 keys are the standard files OpenSSL and `model_signing` read and write.
@Suite struct P256SigningKeyTests {
    @Test(.enabled(if: isInstalled("openssl"), "openssl is not installed"))
    func openSSLReadsOurP256KeysAndWeReadItsKeysAndSignatures() async throws {
        try await withTemporaryDirectory { directory in
            let keyPath = directory.appendingPathComponent("release.key").path
            let key = SigningKey(algorithm: .ecdsaP256)
            try key.write(to: keyPath)
            #expect(try mode(of: keyPath) == 0o600)
            #expect(try String(contentsOfFile: keyPath, encoding: .utf8).hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
            let derived = try await runProgram("openssl", ["pkey", "-in", keyPath, "-pubout"], in: directory)
            #expect(derived.status == 0, "\(derived.standardError)")
            let publicPEM = try String(contentsOfFile: keyPath + ".pub", encoding: .utf8)
            #expect(derived.standardOutput == publicPEM)
            #expect(key.publicKey.keyID == SHA256Digest.hex(publicPEM), "the key id is model_signing's public key hint")
            #expect(try SigningKey(contentsOf: keyPath).publicKey == key.publicKey)
            #expect(try VerifyingKey(contentsOf: keyPath + ".pub") == key.publicKey)
            #expect(key.publicKey != SigningKey().publicKey)

            // OpenSSL checks our DSSE signature, a DER ECDSA signature over the PAE's SHA-256.
            let payload = Array("{\"name\": \"lab-model\"}\n".utf8)
            let envelope = try SignatureEnvelope(signing: payload, with: key)
            let pae = SignatureEnvelope.preAuthenticationEncoding(payloadType: envelope.payloadType, payload: payload)
            try Data(pae).write(to: directory.appendingPathComponent("pae.bin"))
            try Data(base64Encoded: envelope.signatures[0].sig)!.write(to: directory.appendingPathComponent("sig.der"))
            let verified = try await runProgram(
                "openssl", ["dgst", "-sha256", "-verify", keyPath + ".pub", "-signature", "sig.der", "pae.bin"], in: directory)
            #expect(verified.status == 0, "\(verified.standardOutput) \(verified.standardError)")

            // A SEC 1 key from `openssl ecparam` is read, and its signatures checked by us.
            let sec1 = try await runProgram(
                "openssl", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "sec1.key"], in: directory)
            #expect(sec1.status == 0, "\(sec1.standardError)")
            let sec1Path = directory.appendingPathComponent("sec1.key").path
            #expect(try String(contentsOfFile: sec1Path, encoding: .utf8).hasPrefix("-----BEGIN EC PRIVATE KEY-----"))
            let signed = try await runProgram(
                "openssl", ["dgst", "-sha256", "-sign", "sec1.key", "-out", "openssl.der", "pae.bin"], in: directory)
            #expect(signed.status == 0, "\(signed.standardError)")
            let signature = Array(try Data(contentsOf: directory.appendingPathComponent("openssl.der")))
            let sec1Key = try VerifyingKey(contentsOf: sec1Path)
            #expect(sec1Key.algorithm == .ecdsaP256)
            #expect(sec1Key.isValidSignature(signature, for: pae))
            #expect(!sec1Key.isValidSignature(signature, for: pae + [0]))
            #expect(!key.publicKey.isValidSignature(signature, for: pae))
        }
    }
}
