import Artifacts
import Foundation

/// Pushes a published version to a repository (`modelbuild push`): every blob of its
/// model artifact (`OCIArtifact`) that the repository lacks, by digest; the artifact's
/// manifest by digest; the records artifact as its referrer (the referrers API when the
/// registry indexes `subject`, else the referrers tag `sha256-<hex>`, an image index the
/// pusher keeps); and only then the tags. A push cut short leaves no tag moved, and a
/// rerun sends only what is still missing: the same version pushed twice sends 0 bytes.
public struct RegistryPusher: Sendable {
    /// What a push did.
    public struct Report: Sendable {
        /// `registry/repository`.
        public var repository: String
        /// The model artifact's manifest digest.
        public var manifestDigest: String
        /// The records artifact's manifest digest.
        public var recordsDigest: String
        /// The tags set.
        public var tags: [String]
        /// Blobs sent, mounted, and found already there.
        public var uploadedBlobs: Int
        public var mountedBlobs: Int
        public var presentBlobs: Int
        /// Bytes sent in blob uploads.
        public var uploadedBytes: Int64
        /// Whether the referrers tag (the fallback) was written.
        public var referrersTag: String?
    }

    public let client: RegistryClient

    public init(client: RegistryClient) {
        self.client = client
    }

    /// Pushes `artifact`, tagging it with `tags`; `mountSources` are other repositories of
    /// the same registry to mount blobs from.
    public func push(_ artifact: OCIArtifact, tags: [String], mountSources: [String] = []) async throws(RegistryError) -> Report {
        let target = client.target
        for tag in tags where !RegistryReference.isTag(tag) {
            throw RegistryError(.usage, url: target.description, "\"\(tag)\" is not an OCI tag ([A-Za-z0-9_][A-Za-z0-9._-]{0,127})")
        }
        var report = Report(
            repository: target.registry + "/" + target.repository, manifestDigest: artifact.manifest.descriptor.digest,
            recordsDigest: artifact.recordsManifest.descriptor.digest, tags: tags, uploadedBlobs: 0, mountedBlobs: 0,
            presentBlobs: 0, uploadedBytes: 0)
        var seen: Set<String> = []
        let blobs = ([artifact.config, artifact.recordsConfig] + artifact.layers).filter { seen.insert($0.descriptor.digest).inserted }
        // The first blob alone answers the registry's challenge; the rest go several at a time.
        var outcomes = [try await ensure(blobs[0], mountSources: mountSources)]
        outcomes += try await ensureConcurrently(Array(blobs.dropFirst()), mountSources: mountSources)
        for (blob, outcome) in zip(blobs, outcomes) {
            switch outcome {
            case .present: report.presentBlobs += 1
            case .mounted: report.mountedBlobs += 1
            case .uploaded:
                report.uploadedBlobs += 1
                report.uploadedBytes += blob.descriptor.size
            }
        }
        let manifest = artifact.manifest
        try await client.putManifest(
            manifest.bytes ?? [], mediaType: OCIImageManifest.mediaType, reference: manifest.descriptor.digest)
        let records = artifact.recordsManifest
        let answer = try await client.putManifest(
            records.bytes ?? [], mediaType: OCIImageManifest.mediaType, reference: records.descriptor.digest)
        if answer.subject == nil {
            report.referrersTag = try await addToReferrersTag(of: manifest.descriptor.digest, records.descriptor)
        }
        for tag in tags {
            try await client.putManifest(manifest.bytes ?? [], mediaType: OCIImageManifest.mediaType, reference: tag)
        }
        return report
    }

    private func ensure(_ blob: OCIArtifact.Blob, mountSources: [String]) async throws(RegistryError) -> RegistryClient.BlobOutcome {
        let body: RegistryClient.Body = if let bytes = blob.bytes { .bytes(Data(bytes)) } else { .file(blob.path ?? "") }
        return try await client.ensureBlob(blob.descriptor.digest, size: blob.descriptor.size, body: body, mountSources: mountSources)
    }

    /// `ensure` for each blob, `client.limits.concurrentUploads` at a time; the outcomes in
    /// the blobs' order. The first failure ends the push: leaving the group cancels the
    /// uploads still in flight, and each ends at once (`WatchedRequest`).
    private func ensureConcurrently(
        _ blobs: [OCIArtifact.Blob], mountSources: [String]
    ) async throws(RegistryError) -> [RegistryClient.BlobOutcome] {
        let width = client.limits.concurrentUploads
        do {
            return try await withThrowingTaskGroup(of: (Int, RegistryClient.BlobOutcome).self) { group in
                var outcomes = [RegistryClient.BlobOutcome?](repeating: nil, count: blobs.count)
                var next = 0
                while next < blobs.count || !group.isEmpty {
                    while next < blobs.count, next - outcomes.filter({ $0 != nil }).count < width {
                        let index = next
                        group.addTask { (index, try await ensure(blobs[index], mountSources: mountSources)) }
                        next += 1
                    }
                    if let (index, outcome) = try await group.next() { outcomes[index] = outcome }
                }
                return outcomes.compactMap { $0 }
            }
        } catch let error as RegistryError {
            throw error
        } catch {
            throw RegistryError(.failed, url: client.target.description, "\(error)")
        }
    }

    /// The referrers tag schema (OCI distribution 1.1, for registries without the referrers
    /// API): the index at tag `sha256-<hex>` lists the referrers of `sha256:<hex>`. Adds
    /// `referrer` unless listed; returns the tag.
    private func addToReferrersTag(of subject: String, _ referrer: OCIDescriptor) async throws(RegistryError) -> String {
        let tag = "sha256-" + subject.dropFirst("sha256:".count)
        var index = OCIImageIndex(manifests: [])
        if let existing = try await client.manifest(tag, accept: [OCIImageIndex.mediaType]) {
            guard let decoded = try? JSONDecoder().decode(OCIImageIndex.self, from: Data(existing.bytes)) else {
                throw RegistryError(.failed, url: client.target.description, "the referrers tag \(tag) is not an image index")
            }
            index = decoded
        }
        if index.manifests.contains(where: { $0.digest == referrer.digest }) { return tag }
        index.manifests.append(referrer)
        let bytes: [UInt8]
        do {
            bytes = try JSONFile.encode(index, path: tag)
        } catch {
            throw RegistryError(.failed, url: tag, error.description)
        }
        try await client.putManifest(bytes, mediaType: OCIImageIndex.mediaType, reference: tag)
        return tag
    }
}
