import Artifacts
import Foundation
import Platform
import Testing
import TestSupport

/// OpenSSF Model Signing both ways against the real `model_signing` 1.x: the bundle a
/// version signed with a P-256 key carries is accepted by `model_signing verify key`, and a
/// folder `model_signing sign key` signed is accepted by us; a flipped byte, a removed file
/// and an added file are refused by both.
@Suite(.enabled(if: ModelSigningTool.isInstalled, Comment(rawValue: ModelSigningTool.skipReason)))
struct ModelSigningInteropTests {
    @Test func modelSigningAcceptsOurBundleAndRefusesEachTampering() async throws {
        try await withFixture { fixture in
            let key = SigningKey(algorithm: .ecdsaP256)
            let keyPath = fixture.directory.path + "/release.key"
            try key.write(to: keyPath)
            _ = try await fixture.publisher.publish(try fixture.build(), version: .semantic("1.0.0"), signingKey: key)
            let version = fixture.layout.build("1.0.0")

            let accepted = try await verifyWithModelSigning(version, publicKey: keyPath + ".pub", in: fixture.directory)
            #expect(accepted.status == 0, "\(accepted.standardOutput) \(accepted.standardError)")
            #expect(await Verifier.verify(buildDirectory: version, key: key.publicKey).isEmpty)

            for tampering in Tampering.allCases {
                let copy = try writableCopy(of: version, to: fixture.directory.path + "/tampered-\(tampering)")
                try tampering.apply(to: copy + "/files")
                let refused = try await verifyWithModelSigning(copy, publicKey: keyPath + ".pub", in: fixture.directory)
                #expect(refused.status == 1, "\(tampering): \(refused.standardOutput)")
                #expect(refused.standardError.contains(tampering.modelSigningSays), "\(tampering): \(refused.standardError)")
                let ours = await Verifier.verify(buildDirectory: copy, key: key.publicKey)
                #expect(!ours.isEmpty, "\(tampering)")
            }
        }
    }

    /// The bundle is model_signing's own format, field for field: its reader parses it and
    /// its verifier names the same key, and only the P-256 key in the version signs it.
    @Test func ourBundleIsTheFormatModelSigningWrites() async throws {
        try await withFixture { fixture in
            let key = SigningKey(algorithm: .ecdsaP256)
            try key.write(to: fixture.directory.path + "/release.key")
            _ = try await fixture.publisher.publish(try fixture.build(), version: .semantic("1.0.0"), signingKey: key)
            let bundle = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: fixture.layout.modelSignature("1.0.0")))) as? [String: Any]
            #expect(bundle?["mediaType"] as? String == "application/vnd.dev.sigstore.bundle.v0.3+json")
            let material = bundle?["verificationMaterial"] as? [String: Any]
            #expect((material?["publicKey"] as? [String: Any])?["hint"] as? String == key.publicKey.keyID)
            let envelope = bundle?["dsseEnvelope"] as? [String: Any]
            #expect(envelope?["payloadType"] as? String == "application/vnd.in-toto+json")
            let payload = Data(base64Encoded: envelope?["payload"] as? String ?? "") ?? Data()
            let statement = try JSONSerialization.jsonObject(with: payload) as? [String: Any]
            #expect(statement?["_type"] as? String == "https://in-toto.io/Statement/v1")
            #expect(statement?["predicateType"] as? String == "https://model_signing/signature/v1.0")
            let resources = (statement?["predicate"] as? [String: Any])?["resources"] as? [[String: Any]] ?? []
            let manifest = try fixture.catalog.manifest(of: "1.0.0")
            #expect(resources.compactMap { $0["name"] as? String } == manifest.files.map(\.path).sorted())

            // A version signed with ed25519 has no model.sig: model_signing checks EC keys only.
            _ = try await fixture.publisher.publish(
                try fixture.build(files: ["train/model.json": "{}\n"]), version: .semantic("1.1.0"), signingKey: SigningKey())
            #expect(!FileManager.default.fileExists(atPath: fixture.layout.modelSignature("1.1.0")))
            // Signed later with the P-256 key, it gains one, which model_signing accepts.
            _ = try await fixture.publisher.sign(version: "1.1.0", with: key)
            #expect(FileManager.default.fileExists(atPath: fixture.layout.modelSignature("1.1.0")))
            #expect(await Verifier.verify(buildDirectory: fixture.layout.build("1.1.0"), key: key.publicKey).isEmpty)
            let consumer = try await ModelSigningTool.run(
                ["verify", "key", "--signature", fixture.layout.modelSignature("1.1.0"), "--public_key", "release.key.pub",
                 fixture.layout.files("1.1.0")], in: fixture.directory)
            #expect(consumer.status == 0, "\(consumer.standardOutput) \(consumer.standardError)")
        }
    }

    @Test func weAcceptAFolderModelSigningSignedAndRefuseEachTampering() async throws {
        try await withTemporaryDirectory { directory in
            let model = try ModelSigningTool.makeModelFolder(in: directory)
            let key = SigningKey(algorithm: .ecdsaP256)
            try key.write(to: directory.path + "/signer.key")
            let signed = try await ModelSigningTool.run(
                ["sign", "key", "--private_key", "signer.key", "--signature", "model.sig", "model"], in: directory)
            #expect(signed.status == 0, "\(signed.standardOutput) \(signed.standardError)")
            let bundle = directory.path + "/model.sig"
            #expect(await ModelSigningCheck.verify(folder: model, signature: bundle, keys: [key.publicKey]).isEmpty)

            let other = SigningKey(algorithm: .ecdsaP256).publicKey
            let untrusted = await ModelSigningCheck.verify(folder: model, signature: bundle, keys: [other])
            #expect(untrusted.map(\.message).contains { $0.contains("not trusted") }, "\(untrusted)")
            let ed25519Only = await ModelSigningCheck.verify(folder: model, signature: bundle, keys: [SigningKey().publicKey])
            #expect(ed25519Only.map(\.message).contains { $0.contains("no ECDSA P-256 key is trusted") }, "\(ed25519Only)")

            for tampering in Tampering.allCases {
                let copy = try writableCopy(of: model, to: directory.path + "/tampered-\(tampering)")
                try tampering.apply(to: copy)
                let failures = await ModelSigningCheck.verify(folder: copy, signature: bundle, keys: [key.publicKey])
                #expect(failures.map(\.problem).contains { tampering.isOurProblem($0) }, "\(tampering): \(failures)")
                #expect(failures.allSatisfy { $0.path.hasPrefix(copy + "/") }, "\(failures)")
            }
        }
    }

    /// `model_signing sign key` with its default signature path inside the model folder
    /// leaves the bundle out of what it signs; so do we.
    @Test func aBundleInsideTheFolderIsLeftOutOfTheCheck() async throws {
        try await withTemporaryDirectory { directory in
            let model = try ModelSigningTool.makeModelFolder(in: directory)
            let key = SigningKey(algorithm: .ecdsaP256)
            try key.write(to: directory.path + "/signer.key")
            let signed = try await ModelSigningTool.run(
                ["sign", "key", "--private_key", "../signer.key", "."], in: URL(fileURLWithPath: model))
            #expect(signed.status == 0, "\(signed.standardOutput) \(signed.standardError)")
            #expect(await ModelSigningCheck.verify(folder: model, signature: model + "/model.sig", keys: [key.publicKey]).isEmpty)
        }
    }

    /// Paths signed as ignored (`--ignore-paths`) and git's files stay out of the check, in
    /// both tools, whatever happens to them; everything else still counts.
    @Test func ignoredPathsAndGitFilesAreLeftOutAsModelSigningLeavesThemOut() async throws {
        try await withTemporaryDirectory { directory in
            let model = try ModelSigningTool.makeModelFolder(in: directory)
            try Data("draft\n".utf8).write(to: URL(fileURLWithPath: model + "/notes.txt"))
            let key = SigningKey(algorithm: .ecdsaP256)
            try key.write(to: directory.path + "/signer.key")
            let signed = try await ModelSigningTool.run(
                ["sign", "key", "--private_key", "signer.key", "--signature", "model.sig", "--ignore-paths", "model/notes.txt",
                 "model"], in: directory)
            #expect(signed.status == 0, "\(signed.standardOutput) \(signed.standardError)")
            try Data("rewritten\n".utf8).write(to: URL(fileURLWithPath: model + "/notes.txt"))
            try Data("*.tmp\n".utf8).write(to: URL(fileURLWithPath: model + "/.gitignore"))
            let bundle = directory.path + "/model.sig"
            #expect(await ModelSigningCheck.verify(folder: model, signature: bundle, keys: [key.publicKey]).isEmpty)
            let theirs = try await ModelSigningTool.run(
                ["verify", "key", "--signature", "model.sig", "--public_key", "signer.key.pub", "model"], in: directory)
            #expect(theirs.status == 0, "\(theirs.standardOutput) \(theirs.standardError)")

            try Data("added\n".utf8).write(to: URL(fileURLWithPath: model + "/notes.txt.bak"))
            let failures = await ModelSigningCheck.verify(folder: model, signature: bundle, keys: [key.publicKey])
            #expect(failures.map(\.path) == [model + "/notes.txt.bak"], "\(failures)")
        }
    }

    private func verifyWithModelSigning(_ version: String, publicKey: String, in directory: URL) async throws -> CommandResult {
        try await ModelSigningTool.run(
            ["verify", "key", "--signature", version + "/model.sig", "--public_key", publicKey, version + "/files"],
            in: directory)
    }
}

/// The three ways a downloaded model is changed that both verifiers must catch.
enum Tampering: String, CaseIterable, CustomStringConvertible {
    case flippedByte, removedFile, addedFile

    var description: String { rawValue }

    /// Changes the model folder at `folder`: flips a bit of its first file's first byte,
    /// removes its last file, or adds a file.
    func apply(to folder: String) throws {
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder).sorted().filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder + "/" + $0, isDirectory: &isDirectory) && !isDirectory.boolValue
                && !$0.hasSuffix("model.sig")
        }
        switch self {
        case .flippedByte:
            let url = URL(fileURLWithPath: folder + "/" + files[0])
            var bytes = try Data(contentsOf: url)
            bytes[0] ^= 0x01
            try bytes.write(to: url)
        case .removedFile:
            try FileManager.default.removeItem(atPath: folder + "/" + files[files.count - 1])
        case .addedFile:
            try Data("added after signing\n".utf8).write(to: URL(fileURLWithPath: folder + "/added.bin"))
        }
    }

    /// What `model_signing verify` says about it.
    var modelSigningSays: String {
        switch self {
        case .flippedByte: "Hash mismatch for"
        case .removedFile: "Missing files in model"
        case .addedFile: "Extra files found in model"
        }
    }

    /// Whether `problem` is the one our check reports for it.
    func isOurProblem(_ problem: VerificationFailure.Problem) -> Bool {
        switch (self, problem) {
        case (.flippedByte, .modelSignatureDigestMismatch), (.removedFile, .missingFromModel),
            (.addedFile, .notInModelSignature):
            true
        default: false
        }
    }
}

/// Copies `folder` to `destination` with every file and folder writable by its owner
/// (published files are read-only).
func writableCopy(of folder: String, to destination: String) throws -> String {
    try FileManager.default.copyItem(atPath: folder, toPath: destination)
    for path in [""] + (try FileManager.default.subpathsOfDirectory(atPath: destination)) {
        let full = path.isEmpty ? destination : destination + "/" + path
        let current = try mode(of: full)
        try FileManager.default.setAttributes([.posixPermissions: current | 0o200], ofItemAtPath: full)
    }
    return destination
}
