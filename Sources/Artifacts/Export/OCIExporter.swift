import Platform

/// Writes a published version as an OCI image layout (`oci-layout`, `index.json`,
/// `blobs/sha256/…`) holding its model artifact (`OCIArtifact`), so registries and tools
/// such as `skopeo` and `oras` can copy it.
///
/// The index entry is tagged with `org.opencontainers.image.ref.name` = the version;
/// exporting into an existing layout adds to it, replacing an entry with the same tag.
public struct OCIExporter: Sendable {
    /// The artifact manifest's `artifactType`.
    public static let artifactType = OCIArtifact.artifactType
    /// The config's media type (the config is `manifest.json`).
    public static let configMediaType = OCIArtifact.configMediaType
    /// Each file's layer media type (raw bytes, not a tar).
    public static let layerMediaType = OCIArtifact.layerMediaType
    /// `org.opencontainers.image.ref.name`, the tag of an index entry.
    public static let refNameAnnotation = "org.opencontainers.image.ref.name"

    public let layout: ArtifactLayout

    public init(layout: ArtifactLayout) {
        self.layout = layout
    }

    /// Exports `version` into the OCI layout folder `directory`; returns the digest of the
    /// artifact manifest (`sha256:<hex>`). Blobs are hard-linked from the blob store when
    /// on the same filesystem.
    public func export(version: String, to directory: String) throws(ArtifactsError) -> String {
        let artifact = try OCIArtifact(layout: layout, version: version)
        let target = ArtifactLayout(root: directory)
        let blobs = BlobStore(layout: target)
        try onDisk { try FileSystem.makeDirectories(target.blobs) }

        for blob in [artifact.config, artifact.manifest] + artifact.layers {
            let hex = String(blob.descriptor.digest.dropFirst("sha256:".count))
            if let bytes = blob.bytes {
                if try onDisk({ try FileSystem.status(target.blob(hex)) }) == nil {
                    try replaceAtomically(target.blob(hex), with: bytes, mode: 0o444)
                }
            } else if let path = blob.path {
                _ = try blobs.store(source: path, digest: FileDigest(size: blob.descriptor.size, sha256: hex))
            }
        }
        try onDisk { try FileSystem.syncPath(target.blobs) }

        var index = OCIImageIndex(manifests: [])
        let indexPath = directory + "/index.json"
        if try onDisk({ try FileSystem.status(indexPath) }) != nil {
            index = try JSONFile.read(OCIImageIndex.self, at: indexPath)
        }
        index.manifests.removeAll { $0.annotations?[Self.refNameAnnotation] == version }
        var entry = artifact.manifest.descriptor
        entry.annotations = [Self.refNameAnnotation: version]
        index.manifests.append(entry)
        try replaceAtomically(directory + "/oci-layout", with: Array("{\"imageLayoutVersion\":\"1.0.0\"}\n".utf8))
        try replaceAtomically(indexPath, with: try JSONFile.encode(index, path: indexPath))
        return artifact.manifest.descriptor.digest
    }
}
