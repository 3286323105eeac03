/// The paths of one model's published artifacts, `artifacts/<model>/`:
///
///     blobs/sha256/<hex>                  file contents, read-only (0444), shared by versions
///     builds/<version>/manifest.json      see `Manifest`
///     builds/<version>/provenance.json    see `ProvenanceStatement`
///     builds/<version>/manifest.sig.json  see `SignatureEnvelope` (when signing)
///     builds/<version>/model.sig          see `ModelSigningBundle` (when signing with P-256)
///     builds/<version>/files/<path>       hard links to blobs
///     builds/<version>/index.html         see `VersionPage`
///     refs/latest|nightly|release         see `Ref`
///     published.log                       every version ever published, one per line
///     index.json, index.html              see `IndexReport`
///     .lock                               the publish lock (`flock`)
///     .staging/<random>                   a version being written
public struct ArtifactLayout: Sendable, Hashable {
    /// `artifacts/<model>`, absolute or relative to the working directory.
    public var root: String

    public init(root: String) {
        self.root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
    }

    /// `<artifacts>/<model>`, checking the model name (`[a-z0-9][a-z0-9._-]*`).
    public init(artifacts: String, model: String) throws(ArtifactsError) {
        let allowed = model.utf8.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
        }
        guard allowed, let first = model.utf8.first, first != UInt8(ascii: "."), first != UInt8(ascii: "_"),
            first != UInt8(ascii: "-")
        else {
            throw ArtifactsError(.invalidFilePath, path: model, reason: "a model name must match [a-z0-9][a-z0-9._-]*")
        }
        self.init(root: artifacts + "/" + model)
    }

    /// `blobs/sha256`.
    public var blobs: String { root + "/blobs/sha256" }
    /// `blobs/sha256/<hex>`.
    public func blob(_ sha256: String) -> String { blobs + "/" + sha256 }
    /// `builds`.
    public var builds: String { root + "/builds" }
    /// `builds/<version>`.
    public func build(_ version: String) -> String { builds + "/" + version }
    /// `builds/<version>/manifest.json`.
    public func manifest(_ version: String) -> String { build(version) + "/manifest.json" }
    /// `builds/<version>/provenance.json`.
    public func provenance(_ version: String) -> String { build(version) + "/provenance.json" }
    /// `builds/<version>/manifest.sig.json`.
    public func signature(_ version: String) -> String { build(version) + "/manifest.sig.json" }
    /// `builds/<version>/model.sig`, the OpenSSF Model Signing bundle over `files/`.
    public func modelSignature(_ version: String) -> String { build(version) + "/model.sig" }
    /// `builds/<version>/index.html`.
    public func versionPage(_ version: String) -> String { build(version) + "/index.html" }
    /// `builds/<version>/files`.
    public func files(_ version: String) -> String { build(version) + "/files" }
    /// `refs`.
    public var refs: String { root + "/refs" }
    /// `refs/<name>`.
    public func ref(_ name: String) -> String { refs + "/" + name }
    public var publishedLog: String { root + "/published.log" }
    public var indexJSON: String { root + "/index.json" }
    public var indexHTML: String { root + "/index.html" }
    public var lock: String { root + "/.lock" }
    public var staging: String { root + "/.staging" }

    /// The names of the files a build folder may hold, besides `files/`.
    public static let buildFileNames: Set<String> = [
        "manifest.json", "provenance.json", "manifest.sig.json", "model.sig", "index.html", "README.md", "DATACARD.md",
    ]
}
