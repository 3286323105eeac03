import Platform

/// Checks OpenSSF Model Signing signatures: a version's `model.sig` against its manifest,
/// or any model folder against the bundle `model_signing sign key` wrote for it, as
/// `model_signing verify key` does (same signature checks, same files compared).
public enum ModelSigningCheck {
    /// Paths `model_signing` leaves out of a folder by default (`--ignore-git-paths`).
    public static let gitPaths = [".git", ".gitattributes", ".github", ".gitignore"]

    /// Checks the model folder `folder` against the bundle at `signature`, trusting `keys`:
    /// the signature, then every file under the folder (less the statement's ignored paths,
    /// git's files and the bundle itself) rehashed and compared with the signed list. Returns
    /// every failure.
    public static func verify(
        folder: String, signature: String, keys: [VerifyingKey], hashingWidth: Int = FileHasher.defaultWidth
    ) async -> [VerificationFailure] {
        var failures: [VerificationFailure] = []
        guard let statement = verifiedStatement(at: signature, keys: keys, failures: &failures) else { return failures }
        let root = folder.count > 1 && folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        let listedIgnores = (statement.predicate.serialization.ignorePaths ?? []).map { path in
            var relative = Substring(path)
            while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
            while relative.hasSuffix("/") { relative = relative.dropLast() }
            return String(relative)
        }
        var ignored = Set(gitPaths + listedIgnores)
        if signature.hasPrefix(root + "/") { ignored.insert(String(signature.dropFirst(root.count + 1))) }
        var present: [String] = []
        walk(root, relative: "", ignored: ignored, into: &present, failures: &failures)
        let expected = statement.digestsByPath
        let signed = present.filter { expected[$0] != nil }
        for path in present where expected[path] == nil {
            failures.append(VerificationFailure(path: root + "/" + path, problem: .notInModelSignature))
        }
        for path in Set(expected.keys).subtracting(present).sorted() {
            failures.append(VerificationFailure(path: root + "/" + path, problem: .missingFromModel))
        }
        do {
            let digests = try await FileHasher.digests(ofFilesAt: signed.map { root + "/" + $0 }, width: hashingWidth)
            for (path, digest) in zip(signed, digests) where digest.sha256 != expected[path] {
                failures.append(
                    VerificationFailure(
                        path: root + "/" + path,
                        problem: .modelSignatureDigestMismatch(expected: expected[path] ?? "", actual: digest.sha256)))
            }
        } catch {
            failures.append(VerificationFailure(path: error.path, problem: .unreadable(error.reason)))
        }
        return failures
    }

    /// Checks a version's `model.sig` at `path`: signed by a trusted key, over exactly the
    /// files `manifest` lists with their digests (the files themselves are checked against
    /// the manifest by `Verifier`).
    static func check(_ path: String, manifest: Manifest, keys: [VerifyingKey]) -> [VerificationFailure] {
        var failures: [VerificationFailure] = []
        guard let statement = verifiedStatement(at: path, keys: keys, failures: &failures) else { return failures }
        let listed = Dictionary(manifest.files.map { ($0.path, $0.sha256) }, uniquingKeysWith: { first, _ in first })
        guard statement.digestsByPath == listed else {
            let unsigned = Set(listed.keys).subtracting(statement.digestsByPath.keys).sorted()
            let extra = Set(statement.digestsByPath.keys).subtracting(listed.keys).sorted()
            let changed = listed.filter { path, digest in statement.digestsByPath[path].map { $0 != digest } ?? false }.keys
            var why: [String] = []
            if !unsigned.isEmpty { why.append("unsigned: " + unsigned.joined(separator: ", ")) }
            if !extra.isEmpty { why.append("signed but not in the manifest: " + extra.joined(separator: ", ")) }
            if !changed.isEmpty { why.append("other digests: " + changed.sorted().joined(separator: ", ")) }
            return [
                VerificationFailure(
                    path: path,
                    problem: .modelSignatureInvalid("it does not sign the manifest's files (" + why.joined(separator: "; ") + ")"))
            ]
        }
        return []
    }

    /// The statement of the bundle at `path` when a trusted key signed it; otherwise nil,
    /// with the reason appended to `failures`.
    private static func verifiedStatement(
        at path: String, keys: [VerifyingKey], failures: inout [VerificationFailure]
    ) -> ModelSigningStatement? {
        let bundle: ModelSigningBundle
        do {
            bundle = try JSONFile.read(ModelSigningBundle.self, at: path)
        } catch {
            failures.append(VerificationFailure(path: path, problem: .unreadable(error.reason)))
            return nil
        }
        switch bundle.verifiedStatement(trusting: keys) {
        case .success(let statement):
            return statement
        case .failure(let problem):
            failures.append(VerificationFailure(path: path, problem: .modelSignatureInvalid(problem.description)))
            return nil
        }
    }

    /// Collects the regular files under `folder` (paths relative to the model folder), less
    /// `ignored` paths and everything under them; a symbolic link or special file is a
    /// failure, as `model_signing` refuses them without `--allow_symlinks`.
    private static func walk(
        _ folder: String, relative: String, ignored: Set<String>, into files: inout [String],
        failures: inout [VerificationFailure]
    ) {
        do {
            for name in try onDisk({ try FileSystem.sortedEntries(folder) }) {
                let path = folder + "/" + name
                let relativePath = relative.isEmpty ? name : relative + "/" + name
                if ignored.contains(relativePath) { continue }
                guard let status = try onDisk({ try FileSystem.status(path) }) else { continue }
                if status.isSymbolicLink {
                    failures.append(VerificationFailure(path: path, problem: .symbolicLink))
                } else if status.isDirectory {
                    walk(path, relative: relativePath, ignored: ignored, into: &files, failures: &failures)
                } else if status.isRegularFile {
                    files.append(relativePath)
                } else {
                    failures.append(VerificationFailure(path: path, problem: .notARegularFile))
                }
            }
        } catch {
            failures.append(VerificationFailure(path: folder, problem: .unreadable(error.reason)))
        }
    }
}
