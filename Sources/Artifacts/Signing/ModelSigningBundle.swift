import Foundation
import Platform
import StageProtocol

/// An OpenSSF Model Signing (OMS) signature: the sigstore bundle `model_signing sign key`
/// writes (`model_signing/_signing/sign_ec_key.py`), one line of JSON:
///
///     {"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
///      "verificationMaterial": {"publicKey": {"hint": "<sha256 of the PEM public key>"}, "tlogEntries": []},
///      "dsseEnvelope": {"payload": "<base64 statement>", "payloadType": "application/vnd.in-toto+json",
///                       "signatures": [{"sig": "<base64 DER ECDSA>", "keyid": ""}]}}
///
/// The envelope is DSSE v1 over a `ModelSigningStatement`; the signature is ECDSA P-256
/// with SHA-256 over the envelope's pre-authentication encoding. A version signed with a
/// P-256 key carries one as `builds/<version>/model.sig` over its `files/` folder.
public struct ModelSigningBundle: Sendable, Hashable, Codable {
    /// The sigstore bundle media type `model_signing` writes and requires.
    public static let bundleMediaType = "application/vnd.dev.sigstore.bundle.v0.3+json"
    /// The DSSE payload type of an in-toto statement.
    public static let inTotoPayloadType = "application/vnd.in-toto+json"

    public var mediaType: String
    public var verificationMaterial: VerificationMaterial
    /// Absent in bundles that carry a message signature instead (sigstore's other kind).
    public var dsseEnvelope: SignatureEnvelope?

    /// Who signed: for a key, the hint naming it (`VerifyingKey.keyID`).
    public struct VerificationMaterial: Sendable, Hashable, Codable {
        public var publicKey: PublicKeyIdentifier?
        /// Transparency log entries; none for key signing, kept as read.
        public var tlogEntries: [JSONValue]?
    }

    /// sigstore's `PublicKeyIdentifier`.
    public struct PublicKeyIdentifier: Sendable, Hashable, Codable {
        public var hint: String?
    }

    /// Signs `statement` with `key`, which must be an ECDSA P-256 key (`model_signing`
    /// verifies elliptic-curve keys only).
    public init(signing statement: ModelSigningStatement, with key: SigningKey) throws(ArtifactsError) {
        guard key.algorithm == .ecdsaP256 else {
            throw ArtifactsError(
                .invalidKey, path: key.publicKey.keyID,
                reason: "OpenSSF Model Signing needs an ECDSA P-256 key, not \(key.algorithm.rawValue) "
                    + "(modelbuild keys generate --algorithm ecdsa-p256)")
        }
        let payload: [UInt8]
        do {
            payload = try JSONWriter.document(statement)
        } catch {
            throw ArtifactsError(.malformedJSON, path: "model.sig", reason: "cannot encode the statement: \(error)")
        }
        mediaType = Self.bundleMediaType
        verificationMaterial = VerificationMaterial(
            publicKey: PublicKeyIdentifier(hint: key.publicKey.keyID), tlogEntries: [])
        dsseEnvelope = try SignatureEnvelope(signing: payload, payloadType: Self.inTotoPayloadType, with: key)
    }

    /// The bundle's bytes as `model_signing` writes them: compact JSON, no final newline.
    public func encoded(path: String) throws(ArtifactsError) -> [UInt8] {
        do {
            return JSONWriter.compact(try JSONValueEncoder.encode(self))
        } catch {
            throw ArtifactsError(.malformedJSON, path: path, reason: "cannot encode: \(error)")
        }
    }

    /// The statement the bundle signs, when one of `keys` (P-256 keys; others are passed
    /// over) verifies its signature and the statement is a well-formed v1.0 one, or why not.
    /// The checks are `model_signing verify key`'s: the media type, the payload type, the
    /// key hint when present, the ECDSA signature over the DSSE PAE, then the statement.
    public func verifiedStatement(trusting keys: [VerifyingKey]) -> Result<ModelSigningStatement, ModelSigningProblem> {
        guard mediaType == Self.bundleMediaType else {
            return .failure(.malformed("media type \(mediaType), expected \(Self.bundleMediaType)"))
        }
        guard let envelope = dsseEnvelope else { return .failure(.malformed("the bundle holds no DSSE envelope")) }
        guard verificationMaterial.publicKey != nil else {
            return .failure(
                .malformed(
                    "the bundle is not signed with a key (a certificate or Sigstore keyless bundle); only bundles of "
                        + "model_signing sign key are supported"))
        }
        guard envelope.payloadType == Self.inTotoPayloadType else {
            return .failure(.malformed("payload type \(envelope.payloadType), expected \(Self.inTotoPayloadType)"))
        }
        guard let payload = envelope.payloadBytes else { return .failure(.malformed("the payload is not base64")) }
        let candidates = keys.filter { $0.algorithm == .ecdsaP256 }
        guard !candidates.isEmpty else { return .failure(.noTrustedKey) }
        let hint = verificationMaterial.publicKey?.hint ?? ""
        let hinted = hint.isEmpty ? candidates : candidates.filter { $0.keyID == hint }
        guard !hinted.isEmpty else {
            return .failure(.untrusted(signer: hint, trusted: candidates.map(\.keyID)))
        }
        let message = SignatureEnvelope.preAuthenticationEncoding(payloadType: envelope.payloadType, payload: payload)
        let verifies = hinted.contains { key in
            envelope.signatures.contains { signature in
                guard let bytes = Data(base64Encoded: signature.sig) else { return false }
                return key.isValidSignature(Array(bytes), for: message)
            }
        }
        guard verifies else { return .failure(.badSignature(hinted.map(\.keyID))) }
        let statement: ModelSigningStatement
        do {
            statement = try JSONFile.decode(ModelSigningStatement.self, from: payload, path: "the signed statement")
        } catch {
            return .failure(.malformed(error.reason))
        }
        if let problem = statement.problem { return .failure(.malformed(problem)) }
        return .success(statement)
    }
}

/// Why an OpenSSF Model Signing bundle proves nothing.
public enum ModelSigningProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not a bundle `model_signing` accepts, or its statement is not a v1.0 one.
    case malformed(String)
    /// No ECDSA P-256 key is trusted.
    case noTrustedKey
    /// The bundle names a key that is not trusted.
    case untrusted(signer: String, trusted: [String])
    /// No trusted key verifies the signature.
    case badSignature([String])

    public var description: String {
        switch self {
        case .malformed(let why): why
        case .noTrustedKey:
            "no ECDSA P-256 key is trusted (pass --key with the signer's public key, or list it under trusted_keys)"
        case .untrusted(let signer, let trusted):
            "signed by key \(signer), which is not trusted (trusted P-256 keys: \(trusted.joined(separator: ", ")))"
        case .badSignature(let keys): "the signature does not verify with key \(keys.joined(separator: ", "))"
        }
    }
}
