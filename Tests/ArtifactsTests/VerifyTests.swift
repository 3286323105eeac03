import Artifacts
import Foundation
import Platform
import Testing

@Suite struct VerifyTests {
    /// A published, signed 1.0.0 and the key that signed it.
    func publishSigned(_ fixture: BuildFixture) async throws -> (PublishedBuild, SigningKey) {
        let key = SigningKey()
        let published = try await fixture.publisher.publish(
            try fixture.build(kind: .release), version: .semantic("1.0.0"), signingKey: key)
        return (published, key)
    }

    @Test func aCleanVersionVerifiesWithItsKey() async throws {
        try await withFixture { fixture in
            let (published, key) = try await publishSigned(fixture)
            #expect(published.signed)
            #expect(await Verifier(layout: fixture.layout).verify(version: "1.0.0", key: key.publicKey).isEmpty)
            #expect(await Verifier.verify(buildDirectory: published.path, key: key.publicKey).isEmpty)
        }
    }

    @Test func aFlippedByteInABlobIsCaught() async throws {
        try await withFixture { fixture in
            let (published, key) = try await publishSigned(fixture)
            let file = try #require(published.manifest.files.first { $0.path == "train/model.json" })
            let blob = fixture.layout.blob(file.sha256)
            var bytes = try Data(contentsOf: URL(fileURLWithPath: blob))
            bytes[3] ^= 0x01
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: blob)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: blob))
            try handle.write(contentsOf: bytes)
            try handle.close()
            let failures = await Verifier(layout: fixture.layout).verify(version: "1.0.0", key: key.publicKey)
            #expect(failures.count == 1)
            #expect(failures.first?.path == published.path + "/files/train/model.json")
            guard case .digestMismatch(let expected, _) = failures.first?.problem else {
                Issue.record("expected a digest mismatch, got \(failures)")
                return
            }
            #expect(expected == file.sha256)
        }
    }

    @Test func aRemovedFileIsCaught() async throws {
        try await withFixture { fixture in
            let (published, key) = try await publishSigned(fixture)
            let path = published.path + "/files/generate/train.jsonl"
            try FileManager.default.removeItem(atPath: path)
            let failures = await Verifier(layout: fixture.layout).verify(version: "1.0.0", key: key.publicKey)
            #expect(failures == [VerificationFailure(path: path, problem: .missing)])
        }
    }

    @Test func anAddedFileAndASymlinkAreCaught() async throws {
        try await withFixture { fixture in
            let (published, key) = try await publishSigned(fixture)
            let added = published.path + "/files/train/extra.bin"
            try Data("sneaked in".utf8).write(to: URL(fileURLWithPath: added))
            let link = published.path + "/files/link"
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/etc/passwd")
            let stray = published.path + "/notes.txt"
            try Data("hi".utf8).write(to: URL(fileURLWithPath: stray))
            let failures = Set(await Verifier(layout: fixture.layout).verify(version: "1.0.0", key: key.publicKey))
            #expect(failures == [
                VerificationFailure(path: added, problem: .unlisted),
                VerificationFailure(path: link, problem: .symbolicLink),
                VerificationFailure(path: stray, problem: .unlisted),
            ])
        }
    }

    @Test func anEditedManifestIsCaughtBySignatureAndRefs() async throws {
        try await withFixture { fixture in
            let (published, key) = try await publishSigned(fixture)
            let path = fixture.layout.manifest("1.0.0")
            var text = try String(contentsOfFile: path, encoding: .utf8)
            text = text.replacingOccurrences(of: "0.71", with: "0.99")
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            let failures = await Verifier(layout: fixture.layout).verifyAll(key: key.publicKey)
            let paths = Set(failures.map(\.path))
            #expect(paths == [
                fixture.layout.signature("1.0.0"), fixture.layout.ref("latest"), fixture.layout.ref("release"),
                fixture.layout.publishedLog,
            ])
            #expect(failures.contains {
                $0.problem == .signatureInvalid("the signed payload differs from manifest.json")
            })
            #expect(failures.contains {
                $0.problem == .refDigestMismatch(
                    ref: "latest", expected: published.manifestDigest,
                    actual: "sha256:" + SHA256Digest.hex(Array(text.utf8)))
            })
        }
    }

    @Test func anEditedFileListIsCaughtByTheRootDigest() async throws {
        try await withFixture { fixture in
            let (published, _) = try await publishSigned(fixture)
            var manifest = published.manifest
            manifest.files.removeAll { $0.path == "train/model.json" }
            let path = fixture.layout.manifest("1.0.0")
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
            try Data(try JSONFile.encode(manifest, path: path)).write(to: URL(fileURLWithPath: path))
            let failures = await Verifier(layout: fixture.layout).verify(version: "1.0.0")
            #expect(failures.contains { $0.path == path && { if case .rootDigestMismatch = $0 { true } else { false } }($0.problem) })
            #expect(failures.contains { $0.path == published.path + "/files/train/model.json" && $0.problem == .unlisted })
        }
    }

    @Test func aForgedSignatureIsCaught() async throws {
        try await withFixture { fixture in
            let (_, key) = try await publishSigned(fixture)
            let forger = SigningKey()
            let manifestBytes = Array(try Data(contentsOf: URL(fileURLWithPath: fixture.layout.manifest("1.0.0"))))
            var envelope = try SignatureEnvelope(signing: manifestBytes, with: forger)
            // Claims the real key's id with the forger's signature.
            envelope.signatures[0].keyid = key.publicKey.keyID
            let path = fixture.layout.signature("1.0.0")
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
            try Data(try JSONFile.encode(envelope, path: path)).write(to: URL(fileURLWithPath: path))
            let failures = await Verifier(layout: fixture.layout).verify(version: "1.0.0", key: key.publicKey)
            #expect(failures == [
                VerificationFailure(
                    path: path, problem: .signatureInvalid("the signature by key \(key.publicKey.keyID) does not verify"))
            ])
            let other = await Verifier(layout: fixture.layout).verify(version: "1.0.0", key: forger.publicKey)
            #expect(
                other.first?.problem
                    == .signatureInvalid(
                        "signed by key \(key.publicKey.keyID), none of them trusted (trusted: \(forger.publicKey.keyID))"))
        }
    }

    @Test func aReleaseMustBeSignedWithOrWithoutAKey() async throws {
        try await withFixture { fixture in
            _ = try await fixture.publisher.publish(try fixture.build(kind: .release), version: .semantic("1.0.0"))
            let missing = [VerificationFailure(path: fixture.layout.signature("1.0.0"), problem: .signatureMissing)]
            #expect(await Verifier(layout: fixture.layout).verify(version: "1.0.0", key: SigningKey().publicKey) == missing)
            #expect(await Verifier(layout: fixture.layout).verify(version: "1.0.0") == missing)
        }
    }

    @Test func anUnsignedNightlyPassesWithAKeyWhenOnlyReleasesMustBeSigned() async throws {
        try await withFixture { fixture in
            _ = try await fixture.publisher.publish(try fixture.build(), version: .semantic("1.0.0"))
            #expect(await Verifier(layout: fixture.layout).verifyAll(key: SigningKey().publicKey) == [])
            let strict = Verifier(layout: fixture.layout, policy: TrustPolicy(signedBuilds: ["nightly"]))
            #expect(await strict.verify(version: "1.0.0").map(\.problem) == [.signatureMissing])
        }
    }

    @Test func aGarbledPublishedLogLineIsCaught() async throws {
        try await withFixture { fixture in
            _ = try await fixture.publisher.publish(try fixture.build(), version: .semantic("1.0.0"))
            let path = fixture.layout.publishedLog
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try (text + "2.0.0 release\n").write(toFile: path, atomically: false, encoding: .utf8)
            #expect(
                await Verifier(layout: fixture.layout).verifyAll().map(\.description) == [
                    path + ": 1 line is not <version> <kind> <manifest digest>"
                ])
        }
    }

    @Test func aSignatureNobodyTrustsFails() async throws {
        try await withFixture { fixture in
            _ = try await publishSigned(fixture)
            #expect(
                await Verifier(layout: fixture.layout).verify(version: "1.0.0")
                    == [VerificationFailure(path: fixture.layout.signature("1.0.0"), problem: .noTrustedKey)])
        }
    }

    @Test func provenanceSubjectMustBeTheRootDigest() async throws {
        try await withFixture { fixture in
            let (published, key) = try await publishSigned(fixture)
            let path = fixture.layout.provenance("1.0.0")
            var text = try String(contentsOfFile: path, encoding: .utf8)
            text = text.replacingOccurrences(of: published.manifest.rootDigest, with: String(repeating: "0", count: 64))
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            let failures = await Verifier(layout: fixture.layout).verify(version: "1.0.0", key: key.publicKey)
            #expect(failures == [
                VerificationFailure(
                    path: path,
                    problem: .provenanceSubjectMismatch(
                        expected: published.manifest.rootDigest, actual: String(repeating: "0", count: 64)))
            ])
        }
    }

    @Test func aDanglingRefIsCaught() async throws {
        try await withFixture { fixture in
            _ = try await publishSigned(fixture)
            try Data(try JSONFile.encode(Ref(version: "9.9.9", manifestDigest: "sha256:00"), path: "ref"))
                .write(to: URL(fileURLWithPath: fixture.layout.ref("latest")))
            let failures = Verifier(layout: fixture.layout).verifyRefs()
            #expect(failures == [
                VerificationFailure(path: fixture.layout.ref("latest"), problem: .refDangling(ref: "latest", version: "9.9.9"))
            ])
            #expect(failures.first?.description.contains("ref latest points at 9.9.9, which is not published") == true)
        }
    }
}
