import Crypto
import Foundation
import Platform

/// An ed25519 private key that signs manifests.
///
/// On disk it is a standard PEM `PRIVATE KEY` (PKCS #8, RFC 8410), mode 0600, so OpenSSL
/// reads it too (`openssl pkey -in release.key -pubout`).
public struct SigningKey: Sendable {
    let key: Curve25519.Signing.PrivateKey

    /// A new random key.
    public init() { key = Curve25519.Signing.PrivateKey() }

    /// The 32-byte seed.
    public init(rawRepresentation: [UInt8]) throws(ArtifactsError) {
        do {
            key = try Curve25519.Signing.PrivateKey(rawRepresentation: rawRepresentation)
        } catch {
            throw ArtifactsError(.invalidKey, path: "<memory>", reason: "not an ed25519 seed: \(error)")
        }
    }

    /// Reads a key file written by `write(to:)` or by `openssl genpkey -algorithm ed25519`.
    public init(contentsOf path: String) throws(ArtifactsError) {
        let der = try PEM.decode(try onDisk { try FileSystem.readFile(path) }, label: "PRIVATE KEY", path: path)
        guard der.count == PEM.privateKeyPrefix.count + 32, der.starts(with: PEM.privateKeyPrefix) else {
            throw ArtifactsError(.invalidKey, path: path, reason: "not an ed25519 PKCS #8 private key")
        }
        try self.init(rawRepresentation: Array(der.suffix(32)))
    }

    public var publicKey: VerifyingKey { VerifyingKey(key: key.publicKey) }

    /// Signs `message` (deterministic ed25519).
    public func signature(for message: [UInt8]) throws(ArtifactsError) -> [UInt8] {
        do {
            return Array(try key.signature(for: message))
        } catch {
            throw ArtifactsError(.invalidKey, path: publicKey.keyID, reason: "signing failed: \(error)")
        }
    }

    /// Writes the private key to `path` (mode 0600, never replacing a file) and the public
    /// key beside it at `path + ".pub"`.
    public func write(to path: String) throws(ArtifactsError) {
        let pem = PEM.encode(PEM.privateKeyPrefix + Array(key.rawRepresentation), label: "PRIVATE KEY")
        try onDisk { try FileSystem.writeNewFile(pem, to: path, permissions: 0o600) }
        try publicKey.write(to: path + ".pub")
    }
}

/// An ed25519 public key that checks manifest signatures; a PEM `PUBLIC KEY`
/// (SubjectPublicKeyInfo) on disk.
public struct VerifyingKey: Sendable, Hashable {
    let key: Curve25519.Signing.PublicKey

    init(key: Curve25519.Signing.PublicKey) { self.key = key }

    public init(rawRepresentation: [UInt8]) throws(ArtifactsError) {
        do {
            key = try Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation)
        } catch {
            throw ArtifactsError(.invalidKey, path: "<memory>", reason: "not an ed25519 public key: \(error)")
        }
    }

    /// Reads a public key file; a private key file is accepted too (its public half is used).
    public init(contentsOf path: String) throws(ArtifactsError) {
        let text = try onDisk { try FileSystem.readFile(path) }
        if String(decoding: text, as: UTF8.self).contains("BEGIN PRIVATE KEY") {
            self = try SigningKey(contentsOf: path).publicKey
            return
        }
        let der = try PEM.decode(text, label: "PUBLIC KEY", path: path)
        guard der.count == PEM.publicKeyPrefix.count + 32, der.starts(with: PEM.publicKeyPrefix) else {
            throw ArtifactsError(.invalidKey, path: path, reason: "not an ed25519 SubjectPublicKeyInfo public key")
        }
        try self.init(rawRepresentation: Array(der.suffix(32)))
    }

    public var rawRepresentation: [UInt8] { Array(key.rawRepresentation) }

    /// The key's id in signatures: lower-case hex SHA-256 of the 32 raw public key bytes.
    public var keyID: String { SHA256Digest.hex(rawRepresentation) }

    /// True when `signature` is this key's ed25519 signature of `message`.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        key.isValidSignature(signature, for: message)
    }

    /// Keys are equal when their raw bytes are.
    public static func == (lhs: VerifyingKey, rhs: VerifyingKey) -> Bool {
        lhs.rawRepresentation == rhs.rawRepresentation
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(rawRepresentation) }

    /// Writes the PEM public key to `path` (mode 0644, never replacing a file).
    public func write(to path: String) throws(ArtifactsError) {
        try onDisk { try FileSystem.writeNewFile(PEM.encode(PEM.publicKeyPrefix + rawRepresentation, label: "PUBLIC KEY"), to: path) }
    }
}

/// PEM armour and the fixed DER prefixes of RFC 8410 ed25519 keys.
enum PEM {
    /// PKCS #8 PrivateKeyInfo for ed25519 up to the 32-byte seed.
    static let privateKeyPrefix: [UInt8] = [
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ]
    /// SubjectPublicKeyInfo for ed25519 up to the 32-byte key.
    static let publicKeyPrefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]

    static func encode(_ der: [UInt8], label: String) -> [UInt8] {
        let base64 = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return Array("-----BEGIN \(label)-----\n\(base64)\n-----END \(label)-----\n".utf8)
    }

    static func decode(_ bytes: [UInt8], label: String, path: String) throws(ArtifactsError) -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self)
        let begin = "-----BEGIN \(label)-----"
        let end = "-----END \(label)-----"
        guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex)
        else {
            throw ArtifactsError(.invalidKey, path: path, reason: "no \(begin) … \(end) block")
        }
        let body = text[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }
        guard let der = Data(base64Encoded: String(body)) else {
            throw ArtifactsError(.invalidKey, path: path, reason: "the \(label) block is not valid base64")
        }
        return Array(der)
    }
}
