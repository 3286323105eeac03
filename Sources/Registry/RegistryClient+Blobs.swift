import Foundation

extension RegistryClient {
    /// How a blob came to be in the repository.
    public enum BlobOutcome: Sendable, Hashable {
        /// It was there already (HEAD answered 200).
        case present
        /// The registry linked it from another repository (cross-repository mount).
        case mounted(from: String)
        /// Its bytes were sent.
        case uploaded
    }

    /// Whether the repository holds blob `digest` (`HEAD /v2/<name>/blobs/<digest>`).
    public func hasBlob(_ digest: String) async throws(RegistryError) -> Bool {
        let answer = try await send("HEAD", url("/blobs/" + digest))
        switch answer.status {
        case 200: return true
        case 404: return false
        default: throw unexpected(answer, "checking blob \(digest)")
        }
    }

    /// Makes sure the repository holds blob `digest` of `size` bytes: checks, then tries a
    /// mount from each of `mountSources` (repositories of the same registry that may hold
    /// it), then uploads `body`: monolithically (POST for a session, PUT with the digest),
    /// or, above `limits.chunkBytes`, in chunks of that size (PATCH with `Content-Range`,
    /// each to the location the last answer gave, then an empty PUT with the digest).
    public func ensureBlob(
        _ digest: String, size: Int64, body: Body, mountSources: [String] = []
    ) async throws(RegistryError) -> BlobOutcome {
        if try await hasBlob(digest) { return .present }
        var location: String?
        for source in mountSources where source != target.repository {
            let query = "?mount=\(digest)&from=\(source.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? source)"
            let answer = try await send("POST", url("/blobs/uploads/" + query))
            switch answer.status {
            case 201: return .mounted(from: source)
            case 202: location = answer.header("Location")
            default: throw unexpected(answer, "mounting blob \(digest) from \(source)")
            }
            if location != nil { break }
        }
        if location == nil {
            let answer = try await send("POST", url("/blobs/uploads/"))
            guard answer.status == 202, let started = answer.header("Location") else {
                throw unexpected(answer, "starting the upload of blob \(digest)")
            }
            location = started
        }
        guard let location else { throw RegistryError(.failed, url: url("/blobs/uploads/"), "no upload location") }
        let answer: Answer
        if let chunk = limits.chunkBytes, size > chunk, let bytes = try body.bytes() {
            let last = try await sendChunks(of: bytes, chunk: chunk, to: resolve(location), digest: digest)
            answer = try await send("PUT", Self.adding(digest: digest, to: last))
        } else {
            answer = try await send(
                "PUT", Self.adding(digest: digest, to: resolve(location)), headers: ["Content-Type": "application/octet-stream"],
                body: body)
        }
        guard answer.status == 201 else { throw unexpected(answer, "uploading blob \(digest) (\(size) bytes)") }
        uploadedBytes += size
        return .uploaded
    }

    /// Fetches blob `digest` into the file `path` (created; its bytes are not checked here).
    public func fetchBlob(_ digest: String, to path: String) async throws(RegistryError) {
        let answer = try await send("GET", url("/blobs/" + digest))
        guard answer.status == 200 else { throw unexpected(answer, "fetching blob \(digest)") }
        do {
            try answer.body.write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
        } catch {
            throw RegistryError(.failed, url: path, "cannot write blob \(digest): \(error.localizedDescription)")
        }
    }

    /// Sends `bytes` in PATCH requests of `chunk` bytes to the upload session at `location`;
    /// returns the session's location after the last one.
    private func sendChunks(of bytes: Data, chunk: Int64, to location: String, digest: String) async throws(RegistryError) -> String {
        var location = location
        var start = 0
        while start < bytes.count {
            let end = min(start + Int(chunk), bytes.count)
            let answer = try await send(
                "PATCH", location, headers: ["Content-Type": "application/octet-stream", "Content-Range": "\(start)-\(end - 1)"],
                body: .bytes(bytes.subdata(in: start..<end)))
            guard answer.status == 202, let next = answer.header("Location") else {
                throw unexpected(answer, "uploading bytes \(start)-\(end - 1) of blob \(digest)")
            }
            location = resolve(next)
            start = end
        }
        return location
    }

    /// An upload location with the `digest` query parameter that completes the upload.
    static func adding(digest: String, to location: String) -> String {
        location + (location.contains("?") ? "&" : "?") + "digest=" + digest
    }

    /// A `Location` header made absolute.
    func resolve(_ location: String) -> String {
        location.hasPrefix("http://") || location.hasPrefix("https://") ? location : base + location
    }
}
