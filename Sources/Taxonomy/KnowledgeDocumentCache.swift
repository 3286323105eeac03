import Foundation
import Git
import Platform
import YAML

/// Fetches knowledge leaves' document repositories into bare mirrors under
/// `.modelbuild/documents/<sha256 of the URL>.git` and reads the documents at the exact
/// commit each leaf names, straight from git objects.
///
/// A commit already in the cache is read without fetching (commits never change);
/// otherwise the mirror is fetched once, under a lock per repository. Only `.md` and
/// `.pdf` files are read, as InstructLab accepts; other matched files are ignored.
public struct KnowledgeDocumentCache: Sendable {
    /// The largest document read: 64 MiB (a long PDF manual; Markdown is far smaller).
    public static let defaultMaxDocumentBytes = 64 << 20
    /// The most bytes of documents read for one leaf: 256 MiB.
    public static let defaultMaxTotalBytes = 256 << 20
    /// The extensions InstructLab reads, compared case-sensitively as it does.
    public static let documentExtensions = [".md", ".pdf"]
    /// InstructLab's message when no document matches.
    public static let noDocumentsMessage = "Couldn't find any valid knowledge documents."

    /// The cache's folder (`.modelbuild/documents`).
    public let directory: URL
    /// How failed fetches are retried.
    public var retry: RetryPolicy
    /// The largest document read.
    public var maxDocumentBytes: Int
    /// The most bytes read for one leaf.
    public var maxTotalBytes: Int
    /// Credentials for document repositories, by host (`RemoteURL.host(of:)`).
    public var credentialsByHost: [String: RemoteCredentials]
    /// Where repositories are fetched from (`taxonomy.documents`); the cache files each
    /// under the URL the leaf writes.
    public var sources: KnowledgeDocumentSources = .direct

    /// Describes the cache; nothing is touched until documents are read.
    public init(
        directory: URL, retry: RetryPolicy = .standard, maxDocumentBytes: Int = defaultMaxDocumentBytes,
        maxTotalBytes: Int = defaultMaxTotalBytes, credentialsByHost: [String: RemoteCredentials] = [:]
    ) {
        self.directory = directory.standardizedFileURL
        self.retry = retry
        self.maxDocumentBytes = maxDocumentBytes
        self.maxTotalBytes = maxTotalBytes
        self.credentialsByHost = credentialsByHost
    }

    /// The mirror folder for a repository URL.
    public func mirrorDirectory(for repository: String) -> URL {
        let digest = SHA256Digest.hex(repository)
        return directory.appendingPathComponent(digest + ".git", isDirectory: true)
    }

    /// What libgit2 is asked to fetch: a `file://` URL becomes its percent-decoded local
    /// path (`file:///srv/my%20docs` → `/srv/my docs`); anything else is unchanged.
    public static func fetchLocation(for repository: String) -> String {
        guard repository.lowercased().hasPrefix("file://") else { return repository }
        var rest = repository.dropFirst("file://".count)
        if rest.lowercased().hasPrefix("localhost/") { rest = rest.dropFirst("localhost".count) }
        return String(rest).removingPercentEncoding ?? String(rest)
    }

    /// Reads the documents `reference` names.
    ///
    /// - Throws: `KnowledgeDocumentError`, located at the `document` key concerned:
    ///   `.repositoryUnavailable` when the repository cannot be fetched, `.commitNotFound`,
    ///   `.noDocuments` ("Couldn't find any valid knowledge documents."),
    ///   `.documentTooLarge`, `.cancelled`.
    public func documents(for reference: KnowledgeDocumentReference) async throws(KnowledgeDocumentError)
        -> KnowledgeDocumentSet
    {
        let mirrorDirectory = mirrorDirectory(for: reference.repository)
        let lockFile = directory.appendingPathComponent(
            mirrorDirectory.deletingPathExtension().lastPathComponent + ".lock")
        let lock: ExclusiveFileLock
        do {
            lock = try await ExclusiveFileLock.acquire(lockFile)
        } catch {
            let kind: KnowledgeDocumentError.Kind = if case .cancelled = error.kind { .cancelled } else { .repositoryUnavailable }
            throw KnowledgeDocumentError(kind, at: reference.repositoryLocation, key: "repo", error.description)
        }
        defer { lock.release() }
        return try await read(reference, mirror: mirrorDirectory)
    }

    private func read(
        _ reference: KnowledgeDocumentReference, mirror directory: URL
    ) async throws(KnowledgeDocumentError) -> KnowledgeDocumentSet {
        var repository = try? Repository(openingAt: directory)
        let cached = repository.flatMap { try? resolve(reference.commit, in: $0) }
        if cached == nil {
            let location = sources.location(for: reference.repository)
            let fetchLocation = Self.fetchLocation(for: location)
            let mirror = RemoteMirror(
                remoteURL: fetchLocation, directory: directory, retry: retryPolicy(for: fetchLocation),
                credentials: RemoteURL.host(of: location).flatMap { credentialsByHost[$0] } ?? .none)
            do {
                _ = try await mirror.synchronize()
                repository = try mirror.open()
            } catch {
                let kind: KnowledgeDocumentError.Kind = error.kind == .cancelled ? .cancelled : .repositoryUnavailable
                throw KnowledgeDocumentError(
                    kind, at: reference.repositoryLocation, key: "repo",
                    "cannot fetch the document repository \(Self.describe(reference.repository, fetchedFrom: location)): "
                        + "\(error.message); \(Self.offlineAdvice)")
            }
        }
        guard let repository else {
            throw KnowledgeDocumentError(
                .repositoryUnavailable, at: reference.repositoryLocation, key: "repo",
                "cannot open the document repository \(RemoteURL.redacted(reference.repository))")
        }
        let commit: ObjectID
        do throws(GitError) {
            if let cached { commit = cached } else { commit = try resolve(reference.commit, in: repository) }
        } catch {
            throw KnowledgeDocumentError(
                .commitNotFound, at: reference.commitLocation, key: "commit",
                "commit \(reference.commit) does not exist in \(RemoteURL.redacted(reference.repository)) (\(error.message))")
        }
        return try readDocuments(reference, at: commit, in: repository)
    }

    private func readDocuments(
        _ reference: KnowledgeDocumentReference, at commit: ObjectID, in repository: Repository
    ) throws(KnowledgeDocumentError) -> KnowledgeDocumentSet {
        let entries: [TreeEntry]
        do {
            entries = try repository.treeEntries(in: commit)
        } catch {
            throw KnowledgeDocumentError(
                .commitNotFound, at: reference.commitLocation, key: "commit",
                "cannot read the tree of commit \(commit.hex) in \(RemoteURL.redacted(reference.repository)): \(error.message)")
        }
        let matched = entries.filter { entry in
            entry.kind.isReadableFile && Self.documentExtensions.contains { entry.path.hasSuffix($0) }
                && reference.patterns.contains { $0.matches(entry.path) }
        }
        guard !matched.isEmpty else {
            let patterns = reference.patterns.map { "\"\($0.text)\"" }.joined(separator: ", ")
            throw KnowledgeDocumentError(
                .noDocuments, at: reference.patternsLocation, key: "patterns",
                "\(Self.noDocumentsMessage) (no .md or .pdf file matches \(patterns) at commit \(commit.hex) of \(RemoteURL.redacted(reference.repository)))")
        }
        var files: [KnowledgeDocumentFile] = []
        var total = 0
        for entry in matched.sorted(by: { $0.path < $1.path }) {
            let blob: Blob
            do {
                blob = try repository.readBlob(entry.id, maxSize: min(maxDocumentBytes, maxTotalBytes - total))
            } catch {
                throw KnowledgeDocumentError(
                    .documentTooLarge, at: reference.patternsLocation, key: "patterns",
                    "cannot read \(entry.path) at \(commit.hex) of \(RemoteURL.redacted(reference.repository)): \(error.message) (documents are limited to \(maxDocumentBytes) bytes each and \(maxTotalBytes) bytes per leaf)")
            }
            total += blob.bytes.count
            files.append(
                KnowledgeDocumentFile(
                    path: entry.path, blobID: entry.id, sha256: SHA256Digest.hex(blob.bytes),
                    bytes: blob.bytes))
        }
        return KnowledgeDocumentSet(repository: reference.repository, commit: commit, files: files)
    }

    /// What to do when a document repository cannot be fetched.
    public static let offlineAdvice =
        "serve it from a local copy (taxonomy.documents: {mirror: <folder>} or {rewrite: {<url prefix>: <path>}} in builds.yaml), "
        + "fill the cache ahead with modelbuild documents fetch (or documents import <repo> <local copy>), "
        + "or leave the leaf out (taxonomy.exclude, or on_invalid: skip)"

    /// The repository as the leaf writes it, and each rewrite on the way to what was
    /// fetched: `taxonomy.documents`' and the git configuration's `insteadOf`.
    static func describe(_ written: String, fetchedFrom location: String) -> String {
        var text = RemoteURL.redacted(written)
        if location != written { text += " (fetched from \(RemoteURL.redacted(location)) as taxonomy.documents says)" }
        if let rewritten = GitURLRewrite.rewritten(fetchLocation(for: location)) {
            text += " (rewritten by the git configuration's url.insteadOf to \(RemoteURL.redacted(rewritten)))"
        }
        return text
    }

    /// How a fetch from `location` is retried: as `retry` says over the network, once
    /// from a local path or `file://` URL (also when the git configuration rewrites the
    /// location to one): a missing folder does not come back by waiting.
    func retryPolicy(for location: String) -> RetryPolicy {
        let fetched = GitURLRewrite.rewritten(location) ?? location
        return fetched.hasPrefix("/") || fetched.lowercased().hasPrefix("file://") ? .never : retry
    }

    /// A full 40-digit id names exactly that commit; anything else (a short id, a tag) is
    /// resolved as git does.
    private func resolve(_ revision: String, in repository: Repository) throws(GitError) -> ObjectID {
        if let id = ObjectID(hex: revision) {
            _ = try repository.commit(id)
            return id
        }
        return try repository.resolveCommit(revision)
    }
}
