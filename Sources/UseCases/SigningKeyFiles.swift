import Artifacts
import BuildConfiguration
import Foundation

/// The key files a maintainer gives modelbuild: a private key to sign releases with
/// (`--sign-key`, else the project's default key), and new key pairs (`modelbuild keys
/// generate`).
public enum SigningKeyFiles {
    /// Where `modelbuild keys generate` writes the private key when no path is given, and
    /// where `build` and `release` look for one when `--sign-key` is not given:
    /// `.modelbuild/keys/release.key` beside builds.yaml, spelled as `project` names
    /// builds.yaml (so relative to the working folder when it is).
    public static func defaultPath(in project: Project) -> String {
        let folder = (project.configPath as NSString).deletingLastPathComponent
        let path = ".modelbuild/keys/release.key"
        return folder.isEmpty ? path : (folder as NSString).appendingPathComponent(path)
    }

    /// The key that signs `build`'s versions, checked before anything runs: the key at
    /// `path` when one is named; else, when the build signs, the project's default key
    /// (`defaultPath`), which must then exist; else none.
    public static func signingKey(
        named path: String?, for build: BuildSpec?, project: Project
    ) throws(RequestError) -> SigningKey? {
        if let path { return try load(path) }
        guard let build, build.sign else { return nil }
        let fallback = defaultPath(in: project)
        guard FileManager.default.fileExists(atPath: fallback) else {
            throw RequestError(
                .failed,
                "build \(build.name) has sign: true but no signing key was given and there is none at \(fallback) "
                    + "(create one with modelbuild keys generate, or pass --sign-key PATH)")
        }
        return try load(fallback)
    }

    /// The private key at `path`, when one is named; a key that cannot be read is a usage
    /// error, found before anything runs.
    public static func load(_ path: String?) throws(RequestError) -> SigningKey? {
        guard let path else { return nil }
        do {
            return try SigningKey(contentsOf: path)
        } catch {
            throw RequestError(.usage, error.description)
        }
    }

    /// Writes a new key pair of `algorithm`, the private key at `path` (mode 0600) and the
    /// public key beside it with `.pub`, making the folder when missing; returns the key id.
    /// A key is never overwritten: an existing file at either path is a usage error.
    public static func generate(at path: String, algorithm: KeyAlgorithm = .ed25519) throws -> String {
        for existing in [path, path + ".pub"] where FileManager.default.fileExists(atPath: existing) {
            throw RequestError(
                .usage, "\(existing) exists already; a key is never overwritten (move it away, or name another PATH)")
        }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let key = SigningKey(algorithm: algorithm)
        try key.write(to: path)
        return key.publicKey.keyID
    }
}
