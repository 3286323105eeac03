import Foundation
import Artifacts
import Platform

extension RegistryClient {
    /// A manifest as fetched: its exact bytes, media type and digest (computed here from
    /// the bytes, and checked against the registry's `Docker-Content-Digest`).
    public struct FetchedManifest: Sendable {
        public var bytes: [UInt8]
        public var mediaType: String
        public var digest: String
    }

    /// What `PUT /v2/<name>/manifests/<reference>` answered.
    public struct PutManifestAnswer: Sendable {
        /// The `OCI-Subject` header: set when the registry indexed the manifest's `subject`
        /// (it has the referrers API); nil when the client must keep the referrers tag.
        public var subject: String?
    }

    /// Stores manifest `bytes` under `reference` (a digest or a tag).
    @discardableResult
    public func putManifest(
        _ bytes: [UInt8], mediaType: String, reference: String
    ) async throws(RegistryError) -> PutManifestAnswer {
        let answer = try await send(
            "PUT", url("/manifests/" + reference), headers: ["Content-Type": mediaType], body: .bytes(Data(bytes)))
        guard answer.status == 201 || answer.status == 200 else {
            throw unexpected(answer, "storing manifest \(reference)")
        }
        return PutManifestAnswer(subject: answer.header("OCI-Subject"))
    }

    /// The manifest at `reference`, or nil when the repository has none there; `accept`
    /// lists the media types wanted.
    public func manifest(_ reference: String, accept: [String]) async throws(RegistryError) -> FetchedManifest? {
        let answer = try await send("GET", url("/manifests/" + reference), headers: ["Accept": accept.joined(separator: ", ")])
        if answer.status == 404 { return nil }
        guard answer.status == 200 else { throw unexpected(answer, "fetching manifest \(reference)") }
        let bytes = [UInt8](answer.body)
        let digest = "sha256:" + Self.sha256(bytes)
        if RegistryReference.isDigest(reference), reference != digest {
            throw RegistryError(
                .integrity, url: answer.url, "the manifest's bytes have digest \(digest), not the \(reference) asked for")
        }
        if let claimed = answer.header("Docker-Content-Digest"), claimed.hasPrefix("sha256:"), claimed != digest {
            throw RegistryError(
                .integrity, url: answer.url, "the manifest's bytes have digest \(digest), but the registry says \(claimed)")
        }
        let type = answer.header("Content-Type")?.split(separator: ";").first.map(String.init) ?? ""
        return FetchedManifest(bytes: bytes, mediaType: type, digest: digest)
    }

    /// The referrers of `digest` through the referrers API, or nil when the registry lacks it.
    public func referrers(of digest: String) async throws(RegistryError) -> [OCIDescriptor]? {
        let answer = try await send("GET", url("/referrers/" + digest), headers: ["Accept": OCIImageIndex.mediaType])
        guard answer.status == 200, answer.header("Content-Type")?.hasPrefix(OCIImageIndex.mediaType) == true else { return nil }
        guard let index = try? JSONDecoder().decode(OCIImageIndex.self, from: answer.body) else {
            throw RegistryError(.failed, url: answer.url, "the referrers list is not an image index")
        }
        return index.manifests
    }

    static func sha256(_ bytes: [UInt8]) -> String { SHA256Digest.hex(bytes) }
}
