import Platform

/// Writes a published version as an OCI image layout (`oci-layout`, `index.json`,
/// `blobs/sha256/…`) holding an artifact manifest, so registries and tools such as
/// `skopeo` and `oras` can copy it.
///
/// The artifact manifest has `artifactType` `application/vnd.modelbuild.model.v1`, the
/// version's `manifest.json` as its config (`application/vnd.modelbuild.manifest.v1+json`),
/// one raw (untarred) layer per file annotated with `org.opencontainers.image.title` = its
/// path, and `org.opencontainers.image.{version,revision,created,source}` annotations. The
/// index entry is tagged with `org.opencontainers.image.ref.name` = the version; exporting
/// into an existing layout adds to it, replacing an entry with the same tag.
public struct OCIExporter: Sendable {
    /// The artifact manifest's `artifactType`.
    public static let artifactType = "application/vnd.modelbuild.model.v1"
    /// The config's media type (the config is `manifest.json`).
    public static let configMediaType = "application/vnd.modelbuild.manifest.v1+json"
    /// Each file's layer media type (raw bytes, not a tar).
    public static let layerMediaType = "application/vnd.modelbuild.file.v1"
    static let manifestMediaType = "application/vnd.oci.image.manifest.v1+json"
    static let indexMediaType = "application/vnd.oci.image.index.v1+json"

    public let layout: ArtifactLayout

    public init(layout: ArtifactLayout) {
        self.layout = layout
    }

    /// Exports `version` into the OCI layout folder `directory`; returns the digest of the
    /// artifact manifest (`sha256:<hex>`). Blobs are hard-linked from the blob store when
    /// on the same filesystem.
    public func export(version: String, to directory: String) throws(ArtifactsError) -> String {
        let catalog = ArtifactCatalog(layout: layout)
        let manifestBytes = try catalog.manifestBytes(of: version)
        let manifest = try JSONFile.decode(Manifest.self, from: manifestBytes, path: layout.manifest(version))
        let target = ArtifactLayout(root: directory)
        let blobs = BlobStore(layout: target)
        try onDisk { try FileSystem.makeDirectories(target.blobs) }

        let config = try writeBlob(manifestBytes, in: target)
        var layers: [Descriptor] = []
        for file in manifest.files {
            _ = try blobs.store(source: layout.blob(file.sha256), digest: FileDigest(size: file.size, sha256: file.sha256))
            layers.append(
                Descriptor(
                    mediaType: Self.layerMediaType, digest: "sha256:" + file.sha256, size: file.size,
                    annotations: ["org.opencontainers.image.title": file.path]))
        }
        let created = manifest.created.formatted(.iso8601)
        let image = ImageManifest(
            schemaVersion: 2, mediaType: Self.manifestMediaType, artifactType: Self.artifactType,
            config: Descriptor(mediaType: Self.configMediaType, digest: config.digest, size: config.size),
            layers: layers,
            annotations: [
                "org.opencontainers.image.version": manifest.version,
                "org.opencontainers.image.revision": manifest.taxonomy.commit,
                "org.opencontainers.image.created": created,
                "org.opencontainers.image.source": manifest.taxonomy.url,
                "org.opencontainers.image.title": manifest.name,
            ])
        let imageBlob = try writeBlob(try JSONFile.encode(image, path: directory), in: target)
        try onDisk { try FileSystem.syncPath(target.blobs) }

        var index = ImageIndex(schemaVersion: 2, mediaType: Self.indexMediaType, manifests: [])
        let indexPath = directory + "/index.json"
        if try onDisk({ try FileSystem.status(indexPath) }) != nil {
            index = try JSONFile.read(ImageIndex.self, at: indexPath)
        }
        index.manifests.removeAll { $0.annotations?["org.opencontainers.image.ref.name"] == version }
        index.manifests.append(
            Descriptor(
                mediaType: Self.manifestMediaType, digest: imageBlob.digest, size: imageBlob.size,
                annotations: ["org.opencontainers.image.ref.name": version], artifactType: Self.artifactType))
        try replaceAtomically(directory + "/oci-layout", with: Array("{\"imageLayoutVersion\":\"1.0.0\"}\n".utf8))
        try replaceAtomically(indexPath, with: try JSONFile.encode(index, path: indexPath))
        return imageBlob.digest
    }

    private func writeBlob(_ bytes: [UInt8], in target: ArtifactLayout) throws(ArtifactsError) -> (digest: String, size: Int64) {
        let hex = SHA256Digest.hex(bytes)
        if try onDisk({ try FileSystem.status(target.blob(hex)) }) == nil {
            try replaceAtomically(target.blob(hex), with: bytes, mode: 0o444)
        }
        return ("sha256:" + hex, Int64(bytes.count))
    }

    struct Descriptor: Codable, Hashable {
        var mediaType: String
        var digest: String
        var size: Int64
        var annotations: [String: String]?
        var artifactType: String?
    }

    struct ImageManifest: Codable {
        var schemaVersion: Int
        var mediaType: String
        var artifactType: String
        var config: Descriptor
        var layers: [Descriptor]
        var annotations: [String: String]
    }

    struct ImageIndex: Codable {
        var schemaVersion: Int
        var mediaType: String
        var manifests: [Descriptor]
    }
}
