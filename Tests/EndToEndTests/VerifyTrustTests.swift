import Foundation
import TestSupport
import Testing

import Glibc

/// `modelbuild verify` tried as a hostile user would (issue 13, item 5): a forged, garbage
/// or stripped signature, edited provenance, a ref moved to a version of another kind, a
/// manifest swapped under its refs. Each case is a real project with a real nightly and a
/// real signed release, made once and copied for each test.
@Suite(.serialized) struct VerifyTrustTests {
    @Test func aSignatureByAnotherKeyFails() async throws {
        try await withPublishedProject { project in
            #expect(try await runModelbuild(["keys", "generate", "other.key"], in: project.folder).status == 0)
            try project.replaceSignature(of: "1.0.0", signingWith: "other.key")
            let result = try await project.verify([])
            #expect(result.status == 1, "\(result.standardOutput)")
            #expect(result.standardOutput.contains("manifest.sig.json"))
            let trusted = try await project.verify(["--key", "release.key.pub"])
            #expect(trusted.status == 1, "\(trusted.standardOutput)")
            #expect(trusted.standardOutput.contains("none of them trusted"))
        }
    }

    @Test func aGarbageSignatureFails() async throws {
        try await withPublishedProject { project in
            let manifest = try Data(contentsOf: project.build("1.0.0").appendingPathComponent("manifest.json"))
            let envelope: [String: Any] = [
                "payloadType": "application/vnd.modelbuild.manifest+json",
                "payload": manifest.base64EncodedString(),
                "signatures": [["keyid": try project.releaseKeyID(), "sig": Data("garbage".utf8).base64EncodedString()]],
            ]
            try project.overwrite(
                project.build("1.0.0").appendingPathComponent("manifest.sig.json"),
                with: try JSONSerialization.data(withJSONObject: envelope))
            for arguments in [[], ["--key", "release.key.pub"]] {
                let result = try await project.verify(arguments)
                #expect(result.status == 1, "\(arguments): \(result.standardOutput)")
                #expect(result.standardOutput.contains("manifest.sig.json"))
            }
        }
    }

    @Test func aStrippedSignatureOnASignedReleaseFails() async throws {
        try await withPublishedProject { project in
            try project.makeWritable(project.build("1.0.0"))
            try FileManager.default.removeItem(at: project.build("1.0.0").appendingPathComponent("manifest.sig.json"))
            let result = try await project.verify([])
            #expect(result.status == 1, "\(result.standardOutput)")
            #expect(result.standardOutput.contains("must be signed"))
        }
    }

    @Test func aSignedReleaseWithNoTrustedKeyFails() async throws {
        try await withPublishedProject { project in
            let result = try await project.verify([])
            #expect(result.status == 1, "\(result.standardOutput)")
            #expect(result.standardOutput.contains("no trusted key is configured"))
            #expect(try await project.verify(["--key", "release.key.pub"]).status == 0)
            // A version's folder given as a path is held to the same rule.
            let folder = project.build("1.0.0").path
            let byPath = try await project.verify([folder])
            #expect(byPath.status == 1, "\(byPath.standardOutput)")
            #expect(byPath.standardOutput.contains("no trusted key is configured"))
            #expect(try await project.verify([folder, "--key", "release.key.pub"]).status == 0)
        }
    }

    /// Provenance fields other than the subject: the taxonomy commit, the builder, the
    /// materials (resolved dependencies).
    @Test(arguments: ["taxonomy commit", "builder", "materials"])
    func editedProvenanceFailsWithTheKey(_ field: String) async throws {
        try await withPublishedProject { project in
            let path = project.build("1.0.0").appendingPathComponent("provenance.json")
            var statement = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: path)) as? [String: Any])
            var predicate = try #require(statement["predicate"] as? [String: Any])
            var definition = try #require(predicate["buildDefinition"] as? [String: Any])
            var details = try #require(predicate["runDetails"] as? [String: Any])
            var dependencies = try #require(definition["resolvedDependencies"] as? [[String: Any]])
            switch field {
            case "taxonomy commit": dependencies[0]["digest"] = ["gitCommit": String(repeating: "0", count: 40)]
            case "builder": details["builder"] = ["id": "https://evil.example/builder"]
            default: dependencies[0]["uri"] = "git+https://evil.example/taxonomy.git"
            }
            definition["resolvedDependencies"] = dependencies
            predicate["buildDefinition"] = definition
            predicate["runDetails"] = details
            statement["predicate"] = predicate
            try project.overwrite(path, with: try JSONSerialization.data(withJSONObject: statement))
            let result = try await project.verify(["--key", "release.key.pub"])
            #expect(result.status == 1, "\(result.standardOutput)")
            #expect(result.standardOutput.contains("provenance.json: provenance predicate."))
        }
    }

    @Test func aReleaseRefPointingAtANightlyFails() async throws {
        try await withPublishedProject { project in
            let nightly = try project.refVersion("nightly")
            try project.overwrite(project.refs.appendingPathComponent("release"), with: try project.refText(for: nightly))
            let result = try await project.verify(["--key", "release.key.pub"])
            #expect(result.status == 1, "\(result.standardOutput)")
            #expect(result.standardOutput.contains("ref release points at \(nightly), which is a nightly build"))
        }
    }

    /// A nightly's manifest swapped for another (better metrics) with its ref rewritten to
    /// match passes every per-version check of an unsigned nightly; published.log, written
    /// when the nightly was published, still has the original digest.
    @Test func aSwappedManifestDisagreesWithPublishedLog() async throws {
        try await withPublishedProject { project in
            let nightly = try project.refVersion("nightly")
            let path = project.build(nightly).appendingPathComponent("manifest.json")
            var manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: path)) as? [String: Any])
            var metrics = try #require(manifest["metrics"] as? [String: Double])
            metrics["evaluate.f1"] = 0.999
            manifest["metrics"] = metrics
            try project.overwrite(path, with: try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys]))
            try project.overwrite(project.refs.appendingPathComponent("nightly"), with: try project.refText(for: nightly))
            let result = try await project.verify(["--key", "release.key.pub"])
            #expect(result.status == 1, "\(result.standardOutput)")
            #expect(result.standardOutput.contains("published.log: \(nightly) was published with manifest digest"))
        }
    }

    /// A file slipped into a version is reported by its name, escaped: a name is anyone's
    /// text and must not reach the terminal as an escape sequence or a line of its own.
    @Test func aSlippedInFileIsReportedWithItsNameEscaped() async throws {
        try await withPublishedProject { project in
            try project.overwrite(
                project.build("1.0.0").appendingPathComponent("files/x\u{1b}[2J\nok: every version verified"), with: Data())
            let result = try await project.verify([])
            #expect(result.status == 1, "\(result.standardOutput)")
            #expect(!result.standardOutput.contains("\u{1b}") && !result.standardOutput.contains("\nok: every"), "\(result.standardOutput)")
            #expect(result.standardOutput.contains("x\\u{1b}[2J\\nok: every version verified: not listed in the manifest"))
        }
    }

    @Test func anUnsignedNightlyPassesWithAKeyWhenOnlyReleasesMustBeSigned() async throws {
        try await withPublishedProject { project in
            let result = try await project.verify(["--key", "release.key.pub"])
            #expect(result.status == 0, "\(result.standardOutput)")
            #expect(result.standardOutput.contains("ok: every version verified"))
        }
    }

    @Test func trustedKeysComeFromBuildsYAMLWithLocatedErrors() async throws {
        try await withPublishedProject { project in
            let config = project.folder.appendingPathComponent("builds.yaml")
            let text = try String(contentsOf: config, encoding: .utf8)
            try text.replacingOccurrences(of: "    sign: true", with: "    sign: true\n    trusted_keys: [release.key.pub]")
                .write(to: config, atomically: true, encoding: .utf8)
            let trusted = try await project.verify([])
            #expect(trusted.status == 0, "\(trusted.standardOutput)\(trusted.standardError)")

            // Signing with a key the build does not trust is refused before anything runs.
            #expect(try await runModelbuild(["keys", "generate", "other.key"], in: project.folder).status == 0)
            let nightly = try project.refVersion("nightly")
            let untrusted = try await runModelbuild(
                ["release", "1.0.1", "--from", nightly, "--sign-key", "other.key"], in: project.folder)
            #expect(untrusted.status == 1, "\(untrusted.standardOutput)\(untrusted.standardError)")
            #expect(untrusted.standardError.contains("which its trusted_keys in builds.yaml does not list"))
            #expect(!FileManager.default.fileExists(atPath: project.build("1.0.1").path))

            try text.replacingOccurrences(of: "    sign: true", with: "    sign: true\n    trusted_keys: [missing.pub]")
                .write(to: config, atomically: true, encoding: .utf8)
            let missing = try await project.verify([])
            #expect(missing.status == 2, "\(missing.standardOutput)\(missing.standardError)")
            #expect(missing.standardError.contains("builds.yaml:"))
            #expect(missing.standardError.contains("builds.release.trusted_keys[0]: cannot use \"missing.pub\" as a trusted key"))
        }
    }
}

/// A copy of the published project: `nightly-<date>` (unsigned) and `1.0.0` promoted from
/// it and signed with `release.key`.
struct PublishedProject {
    let folder: URL

    var artifacts: URL { folder.appendingPathComponent("artifacts/lab-model") }
    var refs: URL { artifacts.appendingPathComponent("refs") }
    func build(_ version: String) -> URL { artifacts.appendingPathComponent("builds/\(version)") }

    func verify(_ arguments: [String]) async throws -> CommandResult {
        try await runModelbuild(["verify"] + arguments, in: folder)
    }

    /// The version `refs/<name>` names.
    func refVersion(_ name: String) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: refs.appendingPathComponent(name)))
        return try #require((object as? [String: Any])?["version"] as? String)
    }

    /// A ref naming `version` with its manifest's true digest.
    func refText(for version: String) throws -> Data {
        let digest = try shell("sha256sum < '\(build(version).path)/manifest.json' | cut -d' ' -f1")
        return Data("{\"manifestDigest\": \"sha256:\(digest)\", \"version\": \"\(version)\"}\n".utf8)
    }

    /// The key id (SHA-256 of the raw public key) of `release.key`.
    func releaseKeyID() throws -> String {
        try shell("openssl pkey -in release.key -pubout -outform DER | tail -c 32 | sha256sum | cut -d' ' -f1")
    }

    /// Replaces `version`'s envelope with a valid DSSE signature of its manifest by `key`.
    func replaceSignature(of version: String, signingWith key: String) throws {
        let folder = build(version).path
        try makeWritable(build(version))
        _ = try shell(
            """
            set -e
            type=application/vnd.modelbuild.manifest+json
            printf 'DSSEv1 %d %s %d ' ${#type} "$type" $(wc -c < '\(folder)/manifest.json') > pae.bin
            cat '\(folder)/manifest.json' >> pae.bin
            openssl pkeyutl -sign -inkey \(key) -rawin -in pae.bin -out sig.bin
            keyid=$(openssl pkey -in \(key) -pubout -outform DER | tail -c 32 | sha256sum | cut -d' ' -f1)
            rm -f '\(folder)/manifest.sig.json'
            printf '{"payloadType":"%s","payload":"%s","signatures":[{"keyid":"%s","sig":"%s"}]}' \
                "$type" "$(base64 -w0 '\(folder)/manifest.json')" "$keyid" "$(base64 -w0 sig.bin)" > '\(folder)/manifest.sig.json'
            """)
    }

    /// Writes `data` over the read-only published file at `url`.
    func overwrite(_ url: URL, with data: Data) throws {
        try makeWritable(url.deletingLastPathComponent())
        if FileManager.default.fileExists(atPath: url.path) {
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
            try FileManager.default.removeItem(at: url)
        }
        try data.write(to: url)
    }

    func makeWritable(_ folder: URL) throws {
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
    }

    @discardableResult
    func shell(_ script: String) throws -> String {
        let result = try SpawnedProcess.run(
            "/bin/sh", ["-c", "cd '\(folder.path)' && " + script], environment: ProcessInfo.processInfo.environment)
        guard result.status == 0 else { throw ProcessFailure(description: "\(script): \(result.standardError)") }
        return result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// The published project, made once per test process, then copied for each test.
private actor PublishedProjectTemplate {
    static let shared = PublishedProjectTemplate()
    private var made: URL?

    func folder() async throws -> URL {
        if let made { return made }
        // Named after this process; templates of test processes that are gone are removed.
        let temporary = FileManager.default.temporaryDirectory
        let prefix = "modelbuild-verify-template-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
        where name.hasPrefix(prefix) {
            if let pid = pid_t(name.dropFirst(prefix.count)), kill(pid, 0) == 0 || errno == EPERM { continue }
            _ = try? SpawnedProcess.run("/bin/chmod", ["-R", "u+w", temporary.appendingPathComponent(name).path], environment: [:])
            try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
        }
        let root = temporary.appendingPathComponent(prefix + String(getpid()), isDirectory: true)
        try? FileManager.default.removeItem(at: root)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let project = try NightlyBuildTests.makeProject(in: root)
        let nightly = try await runModelbuild(["build", "nightly"], in: project)
        guard nightly.status == 0 else { throw ProcessFailure(description: nightly.standardError) }
        guard try await runModelbuild(["keys", "generate", "release.key"], in: project).status == 0 else {
            throw ProcessFailure(description: "keys generate failed")
        }
        let object = try JSONSerialization.jsonObject(
            with: Data(contentsOf: project.appendingPathComponent("artifacts/lab-model/refs/nightly")))
        let version = try #require((object as? [String: Any])?["version"] as? String)
        let release = try await runModelbuild(
            ["release", "1.0.0", "--from", version, "--sign-key", "release.key"], in: project)
        guard release.status == 0 else { throw ProcessFailure(description: release.standardError) }
        made = project
        return project
    }
}

/// Runs `body` with a fresh copy of the published project.
func withPublishedProject(_ body: (PublishedProject) async throws -> Void) async throws {
    let template = try await PublishedProjectTemplate.shared.folder()
    try await withTemporaryDirectory { directory in
        let copy = directory.appendingPathComponent("project")
        let copied = try SpawnedProcess.run(
            "/bin/cp", ["-a", template.path, copy.path], environment: ProcessInfo.processInfo.environment)
        guard copied.status == 0 else { throw ProcessFailure(description: copied.standardError) }
        defer { _ = try? SpawnedProcess.run("/bin/chmod", ["-R", "u+w", directory.path], environment: [:]) }
        try await body(PublishedProject(folder: copy))
    }
}
