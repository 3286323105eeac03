import Foundation

/// `builds/<version>/manifest.sig.json`: a DSSE envelope over the exact bytes of
/// `manifest.json`, signed with ed25519 (or ECDSA P-256) over DSSE's pre-authentication
/// encoding.
public struct SignatureEnvelope: Sendable, Hashable, Codable {
    /// The payload type of a signed manifest.
    public static let manifestPayloadType = "application/vnd.modelbuild.manifest+json"

    public var payloadType: String
    /// Standard base64 of the payload bytes.
    public var payload: String
    public var signatures: [Signature]

    /// One signer's signature.
    public struct Signature: Sendable, Hashable, Codable {
        /// `VerifyingKey.keyID` of the signer.
        public var keyid: String
        /// Standard base64 of the 64-byte ed25519 signature, or of a DER ECDSA P-256 one.
        public var sig: String
    }

    /// Signs `payload` with `key`.
    public init(signing payload: [UInt8], payloadType: String = manifestPayloadType, with key: SigningKey)
        throws(ArtifactsError)
    {
        self.payloadType = payloadType
        self.payload = Data(payload).base64EncodedString()
        let signature = try key.signature(for: Self.preAuthenticationEncoding(payloadType: payloadType, payload: payload))
        signatures = [Signature(keyid: key.publicKey.keyID, sig: Data(signature).base64EncodedString())]
    }

    /// DSSE v1 PAE: `"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`, lengths in ASCII
    /// decimal bytes.
    public static func preAuthenticationEncoding(payloadType: String, payload: [UInt8]) -> [UInt8] {
        let type = Array(payloadType.utf8)
        return Array("DSSEv1 \(type.count) ".utf8) + type + Array(" \(payload.count) ".utf8) + payload
    }

    /// The decoded payload bytes, or nil when `payload` is not base64.
    public var payloadBytes: [UInt8]? { Data(base64Encoded: payload).map(Array.init) }

    /// Why the envelope does not prove that `key` signed `expectedPayload`, or nil when it
    /// does (some signature with the key's id verifies over the PAE of the payload, and the
    /// payload is byte for byte `expectedPayload`).
    public func problem(verifyingWith key: VerifyingKey, expectedPayload: [UInt8]) -> String? {
        guard let bytes = payloadBytes else { return "the payload is not base64" }
        guard payloadType == Self.manifestPayloadType else { return "unexpected payloadType \(payloadType)" }
        guard bytes == expectedPayload else { return "the signed payload differs from manifest.json" }
        let candidates = signatures.filter { $0.keyid == key.keyID }
        guard !candidates.isEmpty else { return "no signature by key \(key.keyID)" }
        let message = Self.preAuthenticationEncoding(payloadType: payloadType, payload: bytes)
        for candidate in candidates {
            if let signature = Data(base64Encoded: candidate.sig), key.isValidSignature(Array(signature), for: message) {
                return nil
            }
        }
        return "the signature by key \(key.keyID) does not verify"
    }
}
