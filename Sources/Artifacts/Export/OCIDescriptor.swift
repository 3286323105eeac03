/// An OCI content descriptor: what a manifest or an index says of one blob or manifest.
public struct OCIDescriptor: Codable, Hashable, Sendable {
    /// The blob's media type.
    public var mediaType: String
    /// `sha256:<hex>` of the blob's bytes.
    public var digest: String
    /// The blob's size in bytes.
    public var size: Int64
    /// `org.opencontainers.image.title` and the like.
    public var annotations: [String: String]?
    /// The artifact type of the manifest it describes (in an index or a referrers list).
    public var artifactType: String?

    public init(
        mediaType: String, digest: String, size: Int64, annotations: [String: String]? = nil, artifactType: String? = nil
    ) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.annotations = annotations
        self.artifactType = artifactType
    }

    /// The title annotation (a layer's file path).
    public var title: String? { annotations?[OCIDescriptor.titleAnnotation] }

    /// `org.opencontainers.image.title`.
    public static let titleAnnotation = "org.opencontainers.image.title"
}

/// An OCI image manifest (the artifact form: `artifactType`, raw layers, an optional
/// `subject` making it a referrer of another manifest).
public struct OCIImageManifest: Codable, Hashable, Sendable {
    public var schemaVersion: Int
    public var mediaType: String
    public var artifactType: String?
    public var config: OCIDescriptor
    public var layers: [OCIDescriptor]
    public var subject: OCIDescriptor?
    public var annotations: [String: String]?

    /// `application/vnd.oci.image.manifest.v1+json`.
    public static let mediaType = "application/vnd.oci.image.manifest.v1+json"
}

/// An OCI image index: the layout's `index.json`, a registry's referrers list.
public struct OCIImageIndex: Codable, Hashable, Sendable {
    public var schemaVersion: Int
    /// Optional when read: skopeo's layouts leave it out.
    public var mediaType: String?
    public var manifests: [OCIDescriptor]

    public init(manifests: [OCIDescriptor]) {
        self.schemaVersion = 2
        self.mediaType = Self.mediaType
        self.manifests = manifests
    }

    /// `application/vnd.oci.image.index.v1+json`.
    public static let mediaType = "application/vnd.oci.image.index.v1+json"
}
