import Platform

extension Publisher {
    /// Signs an already published version: adds `key`'s signature to its
    /// `manifest.sig.json` (creating the envelope when the version is unsigned), under the
    /// publish lock. `manifest.json` is untouched, so the version's digests stay valid.
    /// Signing twice with the same key changes nothing. The version's page, when it has one,
    /// is redrawn to link the signature. An ECDSA P-256 key also writes the version's
    /// `model.sig` (OpenSSF Model Signing) when it has none.
    public func sign(version: String, with key: SigningKey) async throws(ArtifactsError) -> SignatureEnvelope {
        try await PublishLock.withLock(layout, timeout: lockTimeout) { () throws(ArtifactsError) in
            let manifestBytes = try ArtifactCatalog(layout: layout).manifestBytes(of: version)
            let path = layout.signature(version)
            let signed = try SignatureEnvelope(signing: manifestBytes, with: key)
            try addModelSignature(to: version, manifestBytes: manifestBytes, with: key)
            guard try onDisk({ try FileSystem.status(path) }) != nil else {
                try replaceAtomically(path, with: try JSONFile.encode(signed, path: path), mode: 0o444)
                try redrawPage(of: version, manifestBytes: manifestBytes)
                return signed
            }
            var envelope = try JSONFile.read(SignatureEnvelope.self, at: path)
            guard envelope.payloadBytes == manifestBytes, envelope.payloadType == signed.payloadType else {
                throw ArtifactsError(
                    .invalidKey, path: path,
                    reason: "the existing envelope does not sign this manifest.json; run verify before signing")
            }
            if envelope.signatures.contains(where: { $0.keyid == key.publicKey.keyID }) { return envelope }
            envelope.signatures += signed.signatures
            try replaceAtomically(path, with: try JSONFile.encode(envelope, path: path), mode: 0o444)
            return envelope
        }
    }

    /// Writes `builds/<version>/model.sig` over the manifest's files when `key` is a P-256
    /// key and the version has none (one bundle holds one signature).
    private func addModelSignature(to version: String, manifestBytes: [UInt8], with key: SigningKey) throws(ArtifactsError) {
        let path = layout.modelSignature(version)
        guard key.algorithm == .ecdsaP256, try onDisk({ try FileSystem.status(path) }) == nil else { return }
        let manifest = try JSONFile.decode(Manifest.self, from: manifestBytes, path: layout.manifest(version))
        let bundle = try ModelSigningBundle(signing: ModelSigningStatement(manifest), with: key)
        try replaceAtomically(path, with: try bundle.encoded(path: path), mode: 0o444)
    }

    /// Rewrites `builds/<version>/index.html` now that the version is signed; versions
    /// published before pages existed are left without one.
    private func redrawPage(of version: String, manifestBytes: [UInt8]) throws(ArtifactsError) {
        let path = layout.versionPage(version)
        guard try onDisk({ try FileSystem.status(path) }) != nil else { return }
        let manifest = try JSONFile.decode(Manifest.self, from: manifestBytes, path: layout.manifest(version))
        let page = VersionPage.html(
            manifest, manifestDigest: "sha256:" + SHA256Digest.hex(manifestBytes), signed: true,
            previous: try ArtifactCatalog(layout: layout).summary(publishedBefore: version))
        try replaceAtomically(path, with: Array(page.utf8), mode: 0o444)
    }
}
