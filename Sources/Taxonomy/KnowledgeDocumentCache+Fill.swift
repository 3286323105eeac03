import Foundation
import Git

extension KnowledgeDocumentCache {
    /// Fetches the document repository `repository` (as leaves write it) into the cache,
    /// from `location` (a local copy for `documents import`), or from where `sources`
    /// say: afterwards every commit it holds is read from the cache, with no network.
    ///
    /// - Returns: the cache's mirror folder for `repository`.
    /// - Throws: `DocumentCacheFillError` naming the repository, the location and why.
    @discardableResult
    public func fill(_ repository: String, from location: String? = nil) async throws(DocumentCacheFillError) -> URL {
        let mirrorDirectory = mirrorDirectory(for: repository)
        let lockFile = directory.appendingPathComponent(mirrorDirectory.deletingPathExtension().lastPathComponent + ".lock")
        let source = location ?? sources.location(for: repository)
        let lock: ExclusiveFileLock
        do {
            lock = try await ExclusiveFileLock.acquire(lockFile)
        } catch {
            throw DocumentCacheFillError(message: "cannot lock the document cache for \(RemoteURL.redacted(repository)): \(error)")
        }
        defer { lock.release() }
        let fetchLocation = Self.fetchLocation(for: source)
        let mirror = RemoteMirror(
            remoteURL: fetchLocation, directory: mirrorDirectory, retry: retryPolicy(for: fetchLocation),
            credentials: RemoteURL.host(of: source).flatMap { credentialsByHost[$0] } ?? .none)
        do {
            _ = try await mirror.synchronize()
        } catch {
            throw DocumentCacheFillError(
                message: "cannot fetch the document repository \(Self.describe(repository, fetchedFrom: source)): \(error.message)")
        }
        return mirrorDirectory
    }
}

/// A document repository could not be fetched into the cache.
public struct DocumentCacheFillError: Error, Sendable, CustomStringConvertible {
    /// Which repository, from where, and why.
    public let message: String

    public var description: String { message }
}
