import Platform

/// A published version as OCI artifacts, the one shape `export --oci` writes and
/// `push` sends:
///
/// - the **model artifact**: an image manifest with `artifactType`
///   `application/vnd.modelbuild.model.v1`, the version's `manifest.json` as its config
///   (`application/vnd.modelbuild.manifest.v1+json`), one raw (untarred) layer per file
///   (`application/vnd.modelbuild.file.v1`) titled with its path
///   (`org.opencontainers.image.title`), in the manifest's order, then one layer per record
///   of the version folder (`provenance.json` as `application/vnd.in-toto+json`,
///   `manifest.sig.json` as `application/vnd.dsse.envelope.v1+json`, `model.sig` as a
///   sigstore bundle, the model and data cards as `text/markdown`: everything but `files/`,
///   `manifest.json` and the page) titled
///   with its name, and `org.opencontainers.image.{version,revision,created,source,title}`
///   annotations. The layers' media type tells a file from a record, so a plain copy of the
///   one manifest (`skopeo copy`) carries everything `verify` needs;
/// - the **records artifact**: an image manifest with `artifactType`
///   `application/vnd.modelbuild.records.v1`, the empty config, and the same record layers,
///   whose `subject` is the model artifact: an OCI 1.1 referrer, for tools that look for
///   attestations and signatures there.
///
/// Every byte is deterministic: the same version always gives the same digests, so a
/// second push finds everything already there.
public struct OCIArtifact: Sendable {
    /// The model artifact's `artifactType`.
    public static let artifactType = "application/vnd.modelbuild.model.v1"
    /// The records artifact's `artifactType`.
    public static let recordsArtifactType = "application/vnd.modelbuild.records.v1"
    /// The config's media type (the config is `manifest.json`).
    public static let configMediaType = "application/vnd.modelbuild.manifest.v1+json"
    /// Each file's layer media type (raw bytes, not a tar).
    public static let layerMediaType = "application/vnd.modelbuild.file.v1"
    /// The empty config of the records artifact (`{}`).
    public static let emptyMediaType = "application/vnd.oci.empty.v1+json"
    static let emptyConfig: [UInt8] = Array("{}".utf8)

    /// A blob and where its bytes are on disk, or the bytes themselves.
    public struct Blob: Sendable {
        public var descriptor: OCIDescriptor
        /// The file holding the bytes (a blob of the artifacts' store, a record).
        public var path: String?
        /// The bytes, for small blobs made here (configs, manifests).
        public var bytes: [UInt8]?
    }

    /// The version.
    public let version: String
    /// `manifest.json`, the model artifact's config.
    public let config: Blob
    /// One per file, in the manifest's order, then the records.
    public let layers: [Blob]
    /// The model artifact's manifest bytes, and its descriptor.
    public let manifest: Blob
    /// The records artifact's config, layers and manifest (`subject` = `manifest`).
    public let recordsConfig: Blob
    public let records: [Blob]
    public let recordsManifest: Blob

    /// `version` of the published artifacts at `layout`.
    public init(layout: ArtifactLayout, version: String) throws(ArtifactsError) {
        let catalog = ArtifactCatalog(layout: layout)
        let manifestBytes = try catalog.manifestBytes(of: version)
        let described = try JSONFile.decode(Manifest.self, from: manifestBytes, path: layout.manifest(version))
        self.version = version
        config = Self.blob(manifestBytes, mediaType: Self.configMediaType)
        let files = described.files.map { file in
            Blob(
                descriptor: OCIDescriptor(
                    mediaType: Self.layerMediaType, digest: "sha256:" + file.sha256, size: file.size,
                    annotations: [OCIDescriptor.titleAnnotation: file.path]),
                path: layout.blob(file.sha256))
        }
        var records: [Blob] = []
        let folder = layout.build(version)
        for name in try onDisk({ try FileSystem.sortedEntries(folder) }) where Self.isRecord(name) {
            let path = folder + "/" + name
            guard let status = try onDisk({ try FileSystem.status(path) }), status.isRegularFile else { continue }
            let digest = try onDisk { try SHA256Digest.ofFile(at: path) }
            records.append(
                Blob(
                    descriptor: OCIDescriptor(
                        mediaType: Self.recordMediaType(name), digest: "sha256:" + digest.sha256, size: digest.size,
                        annotations: [OCIDescriptor.titleAnnotation: name]),
                    path: path))
        }
        self.records = records
        layers = files + records
        let image = OCIImageManifest(
            schemaVersion: 2, mediaType: OCIImageManifest.mediaType, artifactType: Self.artifactType,
            config: config.descriptor, layers: layers.map(\.descriptor),
            annotations: [
                "org.opencontainers.image.version": described.version,
                "org.opencontainers.image.revision": described.taxonomy.commit,
                "org.opencontainers.image.created": described.created.formatted(.iso8601),
                "org.opencontainers.image.source": described.taxonomy.url,
                "org.opencontainers.image.title": described.name,
            ])
        var imageBlob = Self.blob(try JSONFile.encode(image, path: layout.build(version)), mediaType: OCIImageManifest.mediaType)
        imageBlob.descriptor.artifactType = Self.artifactType
        manifest = imageBlob

        recordsConfig = Self.blob(Self.emptyConfig, mediaType: Self.emptyMediaType)
        var subject = manifest.descriptor
        subject.annotations = nil
        subject.artifactType = nil
        let recordsImage = OCIImageManifest(
            schemaVersion: 2, mediaType: OCIImageManifest.mediaType, artifactType: Self.recordsArtifactType,
            config: recordsConfig.descriptor, layers: records.map(\.descriptor), subject: subject,
            annotations: ["org.opencontainers.image.version": described.version])
        var recordsBlob = Self.blob(
            try JSONFile.encode(recordsImage, path: folder), mediaType: OCIImageManifest.mediaType)
        recordsBlob.descriptor.artifactType = Self.recordsArtifactType
        recordsManifest = recordsBlob
    }

    /// Whether the version folder's top-level `name` travels in the records artifact.
    public static func isRecord(_ name: String) -> Bool {
        name != "files" && name != "manifest.json" && name != "index.html" && !name.hasPrefix(".")
    }

    /// The media type a record is sent with.
    public static func recordMediaType(_ name: String) -> String {
        switch name {
        case "provenance.json": "application/vnd.in-toto+json"
        case "manifest.sig.json": "application/vnd.dsse.envelope.v1+json"
        case "model.sig": "application/vnd.dev.sigstore.bundle.v0.3+json"
        default:
            if name.hasSuffix(".json") { "application/json" } else if name.hasSuffix(".md") { "text/markdown" } else {
                "application/octet-stream"
            }
        }
    }

    static func blob(_ bytes: [UInt8], mediaType: String) -> Blob {
        Blob(
            descriptor: OCIDescriptor(mediaType: mediaType, digest: "sha256:" + SHA256Digest.hex(bytes), size: Int64(bytes.count)),
            bytes: bytes)
    }
}
