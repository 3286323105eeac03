import Platform

/// Rechecks published versions: every file's size and SHA-256, the root digest, that
/// nothing unlisted or symlinked sits in the folder, the provenance subject, the
/// signature, and the refs. Returns every failure rather than stopping at the first.
public struct Verifier: Sendable {
    public let layout: ArtifactLayout
    public var hashingWidth: Int

    public init(layout: ArtifactLayout, hashingWidth: Int = FileHasher.defaultWidth) {
        self.layout = layout
        self.hashingWidth = hashingWidth
    }

    /// Checks `builds/<version>`. With `key`, the version must be signed by it.
    public func verify(version: String, key: VerifyingKey? = nil) async -> [VerificationFailure] {
        await Self.verify(buildDirectory: layout.build(version), key: key, hashingWidth: hashingWidth)
    }

    /// Checks every published version and the refs.
    public func verifyAll(key: VerifyingKey? = nil) async -> [VerificationFailure] {
        var failures: [VerificationFailure] = []
        do {
            for version in try ArtifactCatalog(layout: layout).versionNames() {
                failures += await verify(version: version, key: key)
            }
        } catch {
            failures.append(VerificationFailure(path: layout.builds, problem: .unreadable(error.reason)))
        }
        return failures + verifyRefs()
    }

    /// Checks that every ref names a published version whose manifest has the recorded digest.
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
            } catch {
                failures.append(
                    VerificationFailure(path: layout.ref(name), problem: .refDangling(ref: name, version: ref.version)))
            }
        }
        return failures
    }

    /// Checks one version folder anywhere (a published one, or a copy).
    public static func verify(
        buildDirectory directory: String, key: VerifyingKey? = nil, hashingWidth: Int = FileHasher.defaultWidth
    ) async -> [VerificationFailure] {
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
        failures += checkProvenance(directory + "/provenance.json", rootDigest: manifest.rootDigest)
        failures += checkSignature(directory + "/manifest.sig.json", manifestBytes: manifestBytes, key: key)
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

    /// Only `files/`, `manifest.json`, `provenance.json`, `manifest.sig.json` and
    /// `index.html` belong at the top of a version folder. The page is a view of
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

    private static func checkProvenance(_ path: String, rootDigest: String) -> [VerificationFailure] {
        do {
            let statement = try JSONFile.read(ProvenanceStatement.self, at: path)
            let subject = statement.subject.first?.digest["sha256"] ?? "(none)"
            if statement.subject.count != 1 || subject != rootDigest {
                return [
                    VerificationFailure(path: path, problem: .provenanceSubjectMismatch(expected: rootDigest, actual: subject))
                ]
            }
            return []
        } catch {
            return [VerificationFailure(path: path, problem: .unreadable(error.reason))]
        }
    }

    private static func checkSignature(_ path: String, manifestBytes: [UInt8], key: VerifyingKey?) -> [VerificationFailure] {
        do {
            guard try onDisk({ try FileSystem.status(path) }) != nil else {
                return key == nil ? [] : [VerificationFailure(path: path, problem: .signatureMissing)]
            }
            let envelope = try JSONFile.read(SignatureEnvelope.self, at: path)
            if let key {
                if let problem = envelope.problem(verifyingWith: key, expectedPayload: manifestBytes) {
                    return [VerificationFailure(path: path, problem: .signatureInvalid(problem))]
                }
            } else if envelope.payloadBytes != manifestBytes {
                return [VerificationFailure(path: path, problem: .signatureInvalid("the signed payload differs from manifest.json"))]
            }
            return []
        } catch {
            return [VerificationFailure(path: path, problem: .unreadable(error.reason))]
        }
    }
}
