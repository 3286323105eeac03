import Crypto
import Foundation
import Platform

/// The signature algorithms of modelbuild's keys.
public enum KeyAlgorithm: String, Sendable, CaseIterable {
    /// Ed25519 (RFC 8032), the default.
    case ed25519
    /// ECDSA over NIST P-256 with SHA-256, DER signatures: the algorithm OpenSSF Model Signing
    /// (`model_signing sign key`) signs with, so such a key also signs a version's `model.sig`.
    case ecdsaP256 = "ecdsa-p256"
}

/// A private key that signs manifests: ed25519 or ECDSA P-256.
///
/// On disk it is a standard PEM `PRIVATE KEY` (PKCS #8; RFC 8410 for ed25519, RFC 5915's
/// EC key inside for P-256), mode 0600, so OpenSSL and `model_signing --private_key` read it
/// too (`openssl pkey -in release.key -pubout`). A P-256 `EC PRIVATE KEY` (SEC 1, as
/// `openssl ecparam -genkey` writes) is read as well.
public struct SigningKey: Sendable {
    enum Material: Sendable {
        case ed25519(Curve25519.Signing.PrivateKey)
        case p256(P256.Signing.PrivateKey)
    }

    let material: Material

    init(material: Material) { self.material = material }

    /// A new random ed25519 key.
    public init() { material = .ed25519(Curve25519.Signing.PrivateKey()) }

    /// A new random key of `algorithm`.
    public init(algorithm: KeyAlgorithm) {
        switch algorithm {
        case .ed25519: material = .ed25519(Curve25519.Signing.PrivateKey())
        case .ecdsaP256: material = .p256(P256.Signing.PrivateKey())
        }
    }

    /// The 32-byte ed25519 seed.
    public init(rawRepresentation: [UInt8]) throws(ArtifactsError) {
        do {
            material = .ed25519(try Curve25519.Signing.PrivateKey(rawRepresentation: rawRepresentation))
        } catch {
            throw ArtifactsError(.invalidKey, path: "<memory>", reason: "not an ed25519 seed: \(error)")
        }
    }

    /// Reads a key file written by `write(to:)`, by `openssl genpkey -algorithm ed25519`, or
    /// by `openssl ecparam -name prime256v1 -genkey`.
    public init(contentsOf path: String) throws(ArtifactsError) {
        let text = try onDisk { try FileSystem.readFile(path) }
        if PEM.contains(text, label: "EC PRIVATE KEY") {
            self.init(material: .p256(try PEM.p256PrivateKey(PEM.decode(text, label: "EC PRIVATE KEY", path: path), path: path)))
            return
        }
        let der = try PEM.decode(text, label: "PRIVATE KEY", path: path)
        if der.count == PEM.privateKeyPrefix.count + 32, der.starts(with: PEM.privateKeyPrefix) {
            try self.init(rawRepresentation: Array(der.suffix(32)))
        } else {
            self.init(material: .p256(try PEM.p256PrivateKey(der, path: path)))
        }
    }

    /// The key's algorithm.
    public var algorithm: KeyAlgorithm {
        switch material {
        case .ed25519: .ed25519
        case .p256: .ecdsaP256
        }
    }

    public var publicKey: VerifyingKey {
        switch material {
        case .ed25519(let key): VerifyingKey(material: .ed25519(key.publicKey))
        case .p256(let key): VerifyingKey(material: .p256(key.publicKey))
        }
    }

    /// Signs `message`: deterministic ed25519, or ECDSA P-256 over its SHA-256 (DER).
    public func signature(for message: [UInt8]) throws(ArtifactsError) -> [UInt8] {
        do {
            switch material {
            case .ed25519(let key): return Array(try key.signature(for: message))
            case .p256(let key): return Array(try key.signature(for: message).derRepresentation)
            }
        } catch {
            throw ArtifactsError(.invalidKey, path: publicKey.keyID, reason: "signing failed: \(error)")
        }
    }

    /// Writes the private key to `path` (mode 0600, never replacing a file) and the public
    /// key beside it at `path + ".pub"`.
    public func write(to path: String) throws(ArtifactsError) {
        let der: [UInt8] =
            switch material {
            case .ed25519(let key): PEM.privateKeyPrefix + Array(key.rawRepresentation)
            case .p256(let key): Array(key.derRepresentation)
            }
        try onDisk { try FileSystem.writeNewFile(PEM.encode(der, label: "PRIVATE KEY"), to: path, permissions: 0o600) }
        try publicKey.write(to: path + ".pub")
    }
}

/// A public key that checks manifest signatures, ed25519 or ECDSA P-256; a PEM
/// `PUBLIC KEY` (SubjectPublicKeyInfo) on disk.
public struct VerifyingKey: Sendable, Hashable {
    enum Material: Sendable {
        case ed25519(Curve25519.Signing.PublicKey)
        case p256(P256.Signing.PublicKey)
    }

    let material: Material

    init(material: Material) { self.material = material }

    /// A 32-byte ed25519 public key.
    public init(rawRepresentation: [UInt8]) throws(ArtifactsError) {
        do {
            material = .ed25519(try Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation))
        } catch {
            throw ArtifactsError(.invalidKey, path: "<memory>", reason: "not an ed25519 public key: \(error)")
        }
    }

    /// Reads a public key file; a private key file is accepted too (its public half is used).
    public init(contentsOf path: String) throws(ArtifactsError) {
        let text = try onDisk { try FileSystem.readFile(path) }
        if PEM.contains(text, label: "PRIVATE KEY") || PEM.contains(text, label: "EC PRIVATE KEY") {
            self = try SigningKey(contentsOf: path).publicKey
            return
        }
        let der = try PEM.decode(text, label: "PUBLIC KEY", path: path)
        if der.count == PEM.publicKeyPrefix.count + 32, der.starts(with: PEM.publicKeyPrefix) {
            try self.init(rawRepresentation: Array(der.suffix(32)))
            return
        }
        guard let key = try? P256.Signing.PublicKey(derRepresentation: der) else {
            throw ArtifactsError(
                .invalidKey, path: path, reason: "not an ed25519 or ECDSA P-256 SubjectPublicKeyInfo public key")
        }
        self.init(material: .p256(key))
    }

    /// The key's algorithm.
    public var algorithm: KeyAlgorithm {
        switch material {
        case .ed25519: .ed25519
        case .p256: .ecdsaP256
        }
    }

    /// The key's bytes: ed25519's 32 raw bytes, or P-256's uncompressed point (X9.63).
    public var rawRepresentation: [UInt8] {
        switch material {
        case .ed25519(let key): Array(key.rawRepresentation)
        case .p256(let key): Array(key.x963Representation)
        }
    }

    /// The PEM `PUBLIC KEY` file's bytes, 64 base64 characters a line, as OpenSSL and
    /// Python's `cryptography` write it.
    public var pemBytes: [UInt8] {
        switch material {
        case .ed25519(let key): PEM.encode(PEM.publicKeyPrefix + Array(key.rawRepresentation), label: "PUBLIC KEY")
        case .p256(let key): PEM.encode(Array(key.derRepresentation), label: "PUBLIC KEY")
        }
    }

    /// The key's id in signatures, lower-case hex SHA-256: of the 32 raw bytes for ed25519;
    /// of `pemBytes` for P-256, which is the public key hint `model_signing` records in a
    /// bundle, so one id names the key in both `manifest.sig.json` and `model.sig`.
    public var keyID: String {
        switch material {
        case .ed25519: SHA256Digest.hex(rawRepresentation)
        case .p256: SHA256Digest.hex(pemBytes)
        }
    }

    /// True when `signature` is this key's signature of `message` (ed25519, or a DER ECDSA
    /// P-256 signature over the message's SHA-256).
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        switch material {
        case .ed25519(let key):
            return key.isValidSignature(signature, for: message)
        case .p256(let key):
            guard let decoded = try? P256.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return key.isValidSignature(decoded, for: message)
        }
    }

    /// Keys are equal when their algorithm and bytes are.
    public static func == (lhs: VerifyingKey, rhs: VerifyingKey) -> Bool {
        lhs.algorithm == rhs.algorithm && lhs.rawRepresentation == rhs.rawRepresentation
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(algorithm)
        hasher.combine(rawRepresentation)
    }

    /// Writes the PEM public key to `path` (mode 0644, never replacing a file).
    public func write(to path: String) throws(ArtifactsError) {
        try onDisk { try FileSystem.writeNewFile(pemBytes, to: path) }
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

    /// Whether `bytes` hold a `-----BEGIN <label>-----` line.
    static func contains(_ bytes: [UInt8], label: String) -> Bool {
        String(decoding: bytes, as: UTF8.self).contains("-----BEGIN \(label)-----")
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

    /// A P-256 private key from PKCS #8 or SEC 1 DER.
    static func p256PrivateKey(_ der: [UInt8], path: String) throws(ArtifactsError) -> P256.Signing.PrivateKey {
        do {
            return try P256.Signing.PrivateKey(derRepresentation: der)
        } catch {
            throw ArtifactsError(
                .invalidKey, path: path, reason: "not an ed25519 or ECDSA P-256 PKCS #8 private key (\(error))")
        }
    }
}
