import Artifacts
import Foundation

/// The key files a maintainer gives modelbuild: a private key to sign releases with
/// (`--sign-key`), and new key pairs (`modelbuild keys generate`).
public enum SigningKeyFiles {
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
    public static func generate(at path: String, algorithm: KeyAlgorithm = .ed25519) throws -> String {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let key = SigningKey(algorithm: algorithm)
        try key.write(to: path)
        return key.publicKey.keyID
    }
}
