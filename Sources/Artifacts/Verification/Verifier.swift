import Platform

/// Rechecks published versions: every file's size and SHA-256, the root digest, that
/// nothing unlisted or symlinked sits in the folder, the provenance field by field against
/// the manifest, the signature against the trusted keys (`TrustPolicy`), the refs and their
/// kinds, and `published.log`. Returns every failure rather than stopping at the first.
public struct Verifier: Sendable {
    public let layout: ArtifactLayout
    public var hashingWidth: Int
    /// The keys trusted, and which versions must be signed.
    public var policy: TrustPolicy

    public init(layout: ArtifactLayout, policy: TrustPolicy = TrustPolicy(), hashingWidth: Int = FileHasher.defaultWidth) {
        self.layout = layout
        self.policy = policy
        self.hashingWidth = hashingWidth
    }

    /// Checks `builds/<version>` and its line in `published.log`, trusting `key` besides
    /// the policy's keys.
    public func verify(version: String, key: VerifyingKey? = nil) async -> [VerificationFailure] {
        await Self.verify(
            buildDirectory: layout.build(version), policy: policy.trusting(key), hashingWidth: hashingWidth)
            + verifyPublishedLog(versions: [version], complete: false)
    }

    /// Checks every published version, the refs and `published.log`.
    public func verifyAll(key: VerifyingKey? = nil) async -> [VerificationFailure] {
        var failures: [VerificationFailure] = []
        var versions: [String] = []
        do {
            versions = try ArtifactCatalog(layout: layout).versionNames()
        } catch {
            failures.append(VerificationFailure(path: layout.builds, problem: .unreadable(error.reason)))
        }
        for version in versions {
            failures += await Self.verify(
                buildDirectory: layout.build(version), policy: policy.trusting(key), hashingWidth: hashingWidth)
        }
        return failures + verifyPublishedLog(versions: versions, complete: true) + verifyRefs()
    }

    /// Checks that every ref names a published version whose manifest has the recorded
    /// digest, and that a kind's ref (`nightly`, `release`) names a version of that kind.
    public func verifyRefs() -> [VerificationFailure] {
        let catalog = ArtifactCatalog(layout: layout)
        let refs: [String: Ref]
        do {
            refs = try catalog.refs()
        } catch {
            return [VerificationFailure(path: error.path, problem: .unreadable(error.reason))]
        }
        var failures: [VerificationFailure] = []
        for (name, ref) in refs.sorted(by: { $0.key < $1.key }) {
            do {
                let actual = try catalog.manifestDigest(of: ref.version)
                if actual != ref.manifestDigest {
                    failures.append(
                        VerificationFailure(
                            path: layout.ref(name),
                            problem: .refDigestMismatch(ref: name, expected: ref.manifestDigest, actual: actual)))
                }
                let kind = try catalog.manifest(of: ref.version).build.kind
                if name != Ref.latest, kind.rawValue != name {
                    failures.append(
                        VerificationFailure(
                            path: layout.ref(name), problem: .refKindMismatch(ref: name, version: ref.version, kind: kind.rawValue)))
                }
            } catch {
                failures.append(
                    VerificationFailure(path: layout.ref(name), problem: .refDangling(ref: name, version: ref.version)))
            }
        }
        return failures
    }

    /// Checks one version folder anywhere (a published one, or a copy), trusting `key`
    /// besides the policy's keys.
    public static func verify(
        buildDirectory directory: String, key: VerifyingKey? = nil, policy: TrustPolicy = TrustPolicy(),
        hashingWidth: Int = FileHasher.defaultWidth
    ) async -> [VerificationFailure] {
        let policy = policy.trusting(key)
        let manifestPath = directory + "/manifest.json"
        let manifestBytes: [UInt8]
        let manifest: Manifest
        do {
            manifestBytes = try onDisk { try FileSystem.readFile(manifestPath) }
            manifest = try JSONFile.decode(Manifest.self, from: manifestBytes, path: manifestPath)
        } catch {
            return [VerificationFailure(path: manifestPath, problem: .unreadable(error.reason))]
        }
        var failures: [VerificationFailure] = []
        let folderName = String(directory.split(separator: "/").last ?? "")
        if folderName != manifest.version && FileSystem.splitLastComponent(directory).directory.hasSuffix("/builds") {
            failures.append(
                VerificationFailure(path: manifestPath, problem: .versionMismatch(folder: folderName, manifest: manifest.version)))
        }
        let root = RootDigest.compute(manifest.files)
        if root != manifest.rootDigest {
            failures.append(
                VerificationFailure(path: manifestPath, problem: .rootDigestMismatch(expected: manifest.rootDigest, actual: root)))
        }
        failures += await checkFiles(of: manifest, in: directory + "/files", hashingWidth: hashingWidth)
        failures += checkTopLevel(directory)
        failures += checkCards(of: manifest, in: directory)
        failures += checkProvenance(directory + "/provenance.json", manifest: manifest, builderIDs: policy.builderIDs)
        failures += checkSignature(
            directory + "/manifest.sig.json", manifest: manifest, manifestBytes: manifestBytes, policy: policy)
        failures += checkModelSignature(directory + "/model.sig", manifest: manifest, policy: policy)
        return failures
    }

    private static func checkFiles(
        of manifest: Manifest, in files: String, hashingWidth: Int
    ) async -> [VerificationFailure] {
        var failures: [VerificationFailure] = []
        var present: [Manifest.File] = []
        let listed = Set(manifest.files.map(\.path))
        for file in manifest.files {
            let path = files + "/" + file.path
            do {
                guard let status = try onDisk({ try FileSystem.status(path) }) else {
                    failures.append(VerificationFailure(path: path, problem: .missing))
                    continue
                }
                if status.isSymbolicLink {
                    failures.append(VerificationFailure(path: path, problem: .symbolicLink))
                } else if !status.isRegularFile {
                    failures.append(VerificationFailure(path: path, problem: .notARegularFile))
                } else if status.size != file.size {
                    failures.append(
                        VerificationFailure(path: path, problem: .sizeMismatch(expected: file.size, actual: status.size)))
                } else {
                    present.append(file)
                }
            } catch {
                failures.append(VerificationFailure(path: path, problem: .unreadable(error.reason)))
            }
        }
        do {
            let digests = try await FileHasher.digests(ofFilesAt: present.map { files + "/" + $0.path }, width: hashingWidth)
            for (file, digest) in zip(present, digests) where digest.sha256 != file.sha256 {
                failures.append(
                    VerificationFailure(
                        path: files + "/" + file.path, problem: .digestMismatch(expected: file.sha256, actual: digest.sha256)))
            }
        } catch {
            failures.append(VerificationFailure(path: error.path, problem: .unreadable(error.reason)))
        }
        failures += findUnlisted(in: files, relative: "", listed: listed)
        return failures
    }

    /// Walks `files/` for anything the manifest does not list, and symlinks or special files.
    private static func findUnlisted(in folder: String, relative: String, listed: Set<String>) -> [VerificationFailure] {
        var failures: [VerificationFailure] = []
        do {
            for name in try onDisk({ try FileSystem.sortedEntries(folder) }) {
                let path = folder + "/" + name
                let relativePath = relative.isEmpty ? name : relative + "/" + name
                guard let status = try onDisk({ try FileSystem.status(path) }) else { continue }
                if status.isDirectory {
                    failures += findUnlisted(in: path, relative: relativePath, listed: listed)
                } else if status.isSymbolicLink {
                    if !listed.contains(relativePath) { failures.append(VerificationFailure(path: path, problem: .symbolicLink)) }
                } else if !status.isRegularFile {
                    if !listed.contains(relativePath) {
                        failures.append(VerificationFailure(path: path, problem: .notARegularFile))
                    }
                } else if !listed.contains(relativePath) {
                    failures.append(VerificationFailure(path: path, problem: .unlisted))
                }
            }
        } catch {
            failures.append(VerificationFailure(path: folder, problem: .unreadable(error.reason)))
        }
        return failures
    }

    /// Only `files/`, `manifest.json`, `provenance.json`, `manifest.sig.json`, `model.sig`
    /// and `index.html` belong at the top of a version folder. The page is a view of
    /// `manifest.json`, outside the root digest on purpose (see `VersionPage`), so only its
    /// kind is checked: its bytes depend on the modelbuild that rendered it.
    private static func checkTopLevel(_ directory: String) -> [VerificationFailure] {
        var failures: [VerificationFailure] = []
        do {
            for name in try onDisk({ try FileSystem.sortedEntries(directory) }) {
                let path = directory + "/" + name
                guard let status = try onDisk({ try FileSystem.status(path) }) else { continue }
                let expected = name == "files" ? status.isDirectory : status.isRegularFile
                if status.isSymbolicLink {
                    failures.append(VerificationFailure(path: path, problem: .symbolicLink))
                } else if name != "files" && !ArtifactLayout.buildFileNames.contains(name) {
                    failures.append(VerificationFailure(path: path, problem: .unlisted))
                } else if !expected {
                    failures.append(VerificationFailure(path: path, problem: .notARegularFile))
                }
            }
        } catch {
            failures.append(VerificationFailure(path: directory, problem: .unreadable(error.reason)))
        }
        return failures
    }

    private static func checkProvenance(_ path: String, manifest: Manifest, builderIDs: Set<String>) -> [VerificationFailure] {
        do {
            let statement = try JSONFile.read(ProvenanceStatement.self, at: path)
            let subject = statement.subject.first?.digest["sha256"] ?? "(none)"
            if statement.subject.count != 1 || subject != manifest.rootDigest {
                return [
                    VerificationFailure(
                        path: path, problem: .provenanceSubjectMismatch(expected: manifest.rootDigest, actual: subject))
                ]
            }
            return ProvenanceCheck.mismatches(statement, against: manifest, builderIDs: builderIDs).map {
                VerificationFailure(
                    path: path, problem: .provenanceMismatch(field: $0.field, expected: $0.expected, actual: $0.actual))
            }
        } catch {
            return [VerificationFailure(path: path, problem: .unreadable(error.reason))]
        }
    }

    /// A version without `manifest.sig.json` passes only when it need not be signed; one
    /// with it passes only when a key trusted for it verifies a signature over the exact
    /// bytes of `manifest.json`.
    private static func checkSignature(
        _ path: String, manifest: Manifest, manifestBytes: [UInt8], policy: TrustPolicy
    ) -> [VerificationFailure] {
        do {
            guard try onDisk({ try FileSystem.status(path) }) != nil else {
                return policy.requiresSignature(manifest) ? [VerificationFailure(path: path, problem: .signatureMissing)] : []
            }
            let envelope = try JSONFile.read(SignatureEnvelope.self, at: path)
            if envelope.payloadBytes != manifestBytes {
                return [VerificationFailure(path: path, problem: .signatureInvalid("the signed payload differs from manifest.json"))]
            }
            let keys = policy.trustedKeys(for: manifest)
            guard !keys.isEmpty else { return [VerificationFailure(path: path, problem: .noTrustedKey)] }
            var problems: [String] = []
            for key in keys {
                guard let problem = envelope.problem(verifyingWith: key, expectedPayload: manifestBytes) else { return [] }
                problems.append(problem)
            }
            let signers = Set(envelope.signatures.map(\.keyid))
            if keys.allSatisfy({ !signers.contains($0.keyID) }) {
                let named = signers.isEmpty ? "nobody" : "key " + signers.sorted().joined(separator: ", key ")
                let trusted = keys.map(\.keyID).joined(separator: ", ")
                return [
                    VerificationFailure(
                        path: path, problem: .signatureInvalid("signed by \(named), none of them trusted (trusted: \(trusted))"))
                ]
            }
            return [VerificationFailure(path: path, problem: .signatureInvalid(problems.first { $0.hasPrefix("the signature") } ?? problems[0]))]
        } catch {
            return [VerificationFailure(path: path, problem: .unreadable(error.reason))]
        }
    }

    /// A version's `model.sig`, when it has one, must be signed by a key trusted for the
    /// version over exactly the manifest's files.
    private static func checkModelSignature(_ path: String, manifest: Manifest, policy: TrustPolicy) -> [VerificationFailure] {
        do {
            guard try onDisk({ try FileSystem.status(path) }) != nil else { return [] }
        } catch {
            return [VerificationFailure(path: path, problem: .unreadable(error.reason))]
        }
        return ModelSigningCheck.check(path, manifest: manifest, keys: policy.trustedKeys(for: manifest))
    }
}
