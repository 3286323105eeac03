import Artifacts
import Foundation
import Platform

/// Fetches a version from a repository (`modelbuild pull`): the model artifact's manifest
/// at the tag or digest, each blob into `<staging>/blobs/<hex>` only after its size and
/// SHA-256 match the descriptor, the records (provenance, signatures) from the artifact's
/// own layers or else from its referrers (the referrers API, then the referrers tag), and
/// lays it all out as a version folder under the staging folder. Nothing gets a final
/// name here: the caller verifies the folder (signature included) and renames it.
public struct RegistryPuller: Sendable {
    /// What a pull fetched.
    public struct Report: Sendable {
        /// The version (`org.opencontainers.image.version`).
        public var version: String
        /// The model artifact's manifest digest.
        public var manifestDigest: String
        /// The number of files and their bytes.
        public var files: Int
        public var bytes: Int64
        /// The records' names (`provenance.json`, `manifest.sig.json`, …).
        public var records: [String]
    }

    public let client: RegistryClient

    public init(client: RegistryClient) {
        self.client = client
    }

    /// Fetches the reference into `staging` (a new, empty folder of the caller's); returns
    /// the version folder made in it (`<staging>/version`) and what was fetched.
    public func fetch(into staging: String) async throws(RegistryError) -> (folder: String, report: Report) {
        let target = client.target
        guard let reference = target.reference else {
            throw RegistryError(.usage, url: target.description, "name the tag or digest to pull (…:<tag> or …@sha256:…)")
        }
        guard let fetched = try await client.manifest(reference, accept: [OCIImageManifest.mediaType]) else {
            throw RegistryError(.failed, url: target.description, "no such tag or digest in \(target.repository)")
        }
        var manifest = try decode(OCIImageManifest.self, fetched.bytes, what: "the manifest of \(target)")
        guard OCIUnpacker.isModelArtifact(manifest) else {
            throw RegistryError(
                .integrity, url: target.description,
                "not a modelbuild version (artifactType \(manifest.artifactType ?? "none")); it was not pushed by modelbuild push")
        }
        let blobs = staging + "/blobs"
        do {
            try FileSystem.makeDirectory(blobs)
        } catch {
            throw RegistryError(.failed, url: blobs, error.description)
        }
        if !manifest.layers.contains(where: { $0.mediaType != OCIArtifact.layerMediaType }) {
            manifest.layers += try await referredRecords(of: fetched.digest)
        }
        var seen: Set<String> = []
        for descriptor in [manifest.config] + manifest.layers where seen.insert(descriptor.digest).inserted {
            try await fetchVerified(descriptor, into: blobs)
        }
        let folder = staging + "/version"
        do {
            try OCIUnpacker.unpack(manifest, blobs: blobs, into: folder)
        } catch {
            throw RegistryError(.integrity, url: target.description, error.description)
        }
        let files = manifest.layers.filter { $0.mediaType == OCIArtifact.layerMediaType }
        return (
            folder,
            Report(
                version: manifest.annotations?["org.opencontainers.image.version"] ?? reference,
                manifestDigest: fetched.digest, files: files.count, bytes: files.reduce(0) { $0 + $1.size },
                records: manifest.layers.filter { $0.mediaType != OCIArtifact.layerMediaType }.compactMap(\.title))
        )
    }

    /// The record layers of the records artifacts referring to `digest`.
    private func referredRecords(of digest: String) async throws(RegistryError) -> [OCIDescriptor] {
        var referrers = try await client.referrers(of: digest)
        if referrers == nil {
            let tag = "sha256-" + digest.dropFirst("sha256:".count)
            if let index = try await client.manifest(tag, accept: [OCIImageIndex.mediaType]) {
                referrers = try decode(OCIImageIndex.self, index.bytes, what: "the referrers tag \(tag)").manifests
            }
        }
        var records: [OCIDescriptor] = []
        for referrer in referrers ?? [] where referrer.artifactType == OCIArtifact.recordsArtifactType {
            guard let fetched = try await client.manifest(referrer.digest, accept: [OCIImageManifest.mediaType]) else { continue }
            let artifact = try decode(OCIImageManifest.self, fetched.bytes, what: "referrer \(referrer.digest)")
            guard artifact.subject?.digest == digest else { continue }
            records += artifact.layers
        }
        return records
    }

    /// Fetches `descriptor`'s blob as `<hex>.part`, and names it `<hex>` only when its size
    /// and SHA-256 match.
    private func fetchVerified(_ descriptor: OCIDescriptor, into blobs: String) async throws(RegistryError) {
        guard RegistryReference.isDigest(descriptor.digest) else {
            throw RegistryError(.integrity, url: client.target.description, "unsupported digest \(descriptor.digest)")
        }
        let hex = String(descriptor.digest.dropFirst("sha256:".count))
        let partial = blobs + "/" + hex + ".part"
        try await client.fetchBlob(descriptor.digest, to: partial)
        let actual: FileDigest
        do {
            actual = try SHA256Digest.ofFile(at: partial)
        } catch {
            throw RegistryError(.failed, url: partial, error.description)
        }
        guard actual.sha256 == hex, actual.size == descriptor.size else {
            let title = descriptor.title.map { " (\($0))" } ?? ""
            throw RegistryError(
                .integrity, url: client.url("/blobs/" + descriptor.digest),
                "blob\(title) has \(actual.size) bytes with digest sha256:\(actual.sha256), not the \(descriptor.size) bytes with \(descriptor.digest) its manifest lists; nothing was written"
            )
        }
        do {
            try FileSystem.rename(partial, blobs + "/" + hex)
        } catch {
            throw RegistryError(.failed, url: partial, error.description)
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], what: String) throws(RegistryError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch {
            throw RegistryError(.integrity, url: client.target.description, "\(what) is not valid JSON of its kind: \(error)")
        }
    }
}
