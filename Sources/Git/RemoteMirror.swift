import CGit2
import Foundation

/// A bare mirror of a remote repository in a local directory (for modelbuild,
/// `.modelbuild/taxonomy.git`): every branch and tag, force-updated and pruned on each
/// synchronisation, as `git clone --mirror` followed by `git fetch --prune` keeps it.
///
/// The remote is anything libgit2 fetches from: a local path, `file://`, `https://` or
/// `ssh://` URL. Two processes must not synchronise the same mirror at once (libgit2's
/// ref locks would make one fail with `.locked`); callers serialise with their own lock.
public struct RemoteMirror: Sendable, Hashable {
    /// Where to fetch from.
    public let remoteURL: String
    /// The mirror's directory (a bare repository once synchronised).
    public let directory: URL
    /// How failed fetches are retried.
    public var retry: RetryPolicy
    /// What to answer when the remote asks who modelbuild is.
    public var credentials: RemoteCredentials

    /// Describes a mirror of `remoteURL` at `directory`; nothing is touched until
    /// `synchronize` runs. User information in `remoteURL` (`https://user:token@…`) is
    /// taken out, so it is never written into the mirror's configuration or a message,
    /// and used as the credentials when `credentials` gives none.
    public init(
        remoteURL: String, directory: URL, retry: RetryPolicy = .standard, credentials: RemoteCredentials = .none
    ) {
        let separated = RemoteURL.separatingUserInfo(remoteURL)
        self.remoteURL = separated.url
        self.directory = directory.standardizedFileURL
        self.retry = retry
        self.credentials = credentials == .none ? (separated.credentials ?? .none) : credentials
    }

    /// Clones the mirror if the directory does not exist yet, otherwise fetches into it,
    /// retrying failed fetches with exponential backoff.
    ///
    /// Nothing is ever half-written: a first clone is made in a hidden sibling directory
    /// and renamed into place only once complete; a failed one leaves no directory behind.
    /// A failed fetch into an existing mirror leaves its references as they were.
    ///
    /// The work is blocking I/O on the calling task's thread; `onEvent` is called on that
    /// thread during the call. Cancelling the task stops the transfer and the backoff.
    ///
    /// - Throws: `.remoteUnavailable(url:attempts:)` when every attempt failed, with
    ///   libgit2's last message; `.authentication`; `.notARepository` when `directory`
    ///   exists but holds no repository (it is never deleted); `.cancelled`;
    ///   `.fileSystem` when the directory cannot be made or renamed.
    public func synchronize(
        onEvent: @escaping @Sendable (MirrorEvent) -> Void = { _ in }
    ) async throws(GitError) -> MirrorSynchronization {
        try await retrying(onEvent: onEvent) { attempt throws(GitError) in
            try synchronizeOnce(attempt: attempt, onEvent: onEvent)
        }
    }

    /// Fetches the references `refspecs` name (`+refs/pull/*/head:refs/pull/*/head`) into
    /// the existing mirror, force-updated and pruned, with the same retries, credentials
    /// and cancellation as `synchronize`; the mirror's branches and tags are left alone.
    ///
    /// - Throws: as `synchronize`; `.notARepository` when the mirror was never made.
    public func fetchReferences(
        _ refspecs: [String], onEvent: @escaping @Sendable (MirrorEvent) -> Void = { _ in }
    ) async throws(GitError) -> [ReferenceUpdate] {
        try await retrying(onEvent: onEvent) { _ throws(GitError) in
            try Repository(openingAt: directory).fetchMirror(
                from: remoteURL, credentials: credentials, refspecs: refspecs, onEvent: onEvent
            ).updates
        }
    }

    /// Runs `fetch` (given its attempt number) until it succeeds or fails with something
    /// other than `.remoteUnavailable`, at most `retry.attempts` times, backing off between.
    private func retrying<Value>(
        onEvent: @Sendable (MirrorEvent) -> Void, _ fetch: (Int) throws(GitError) -> Value
    ) async throws(GitError) -> Value {
        LibGit2Runtime.ensureInitialized()
        let attempts = max(1, retry.attempts)
        var attempt = 1
        while true {
            do {
                return try fetch(attempt)
            } catch {
                guard case .remoteUnavailable = error.kind, attempt < attempts else {
                    throw error.afterAttempts(attempt, of: attempts, url: remoteURL)
                }
                let backoff = retry.backoff(afterAttempt: attempt)
                onEvent(.retrying(attempt: attempt, of: attempts, backoff: backoff, error: error))
                do {
                    try await Task.sleep(for: backoff)
                } catch {
                    throw GitError(
                        kind: .cancelled, operation: "fetch from '\(remoteURL)'",
                        repositoryPath: directory.path, message: "cancelled while waiting to retry")
                }
                attempt += 1
            }
        }
    }

    /// Opens the mirror for reading.
    ///
    /// - Throws: `.notARepository` when it has not been synchronised yet.
    public func open() throws(GitError) -> Repository {
        try Repository(openingAt: directory)
    }

    private func synchronizeOnce(
        attempt: Int, onEvent: @escaping @Sendable (MirrorEvent) -> Void
    ) throws(GitError) -> MirrorSynchronization {
        // An empty directory holds nothing to keep; `rename` replaces it like an absent one.
        let existing = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
        if FileManager.default.fileExists(atPath: directory.path), existing?.isEmpty != true {
            return try fetchIntoExisting(attempt: attempt, onEvent: onEvent)
        }
        let parent = directory.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw fileSystemError("create the directory '\(parent.path)'", error)
        }
        let staging = parent.appendingPathComponent(
            ".\(directory.lastPathComponent).partial-\(UUID().uuidString)", isDirectory: true)
        let fetched: (updates: [ReferenceUpdate], transfer: TransferProgress)
        do {
            fetched = try cloneIntoStaging(staging, onEvent: onEvent)
        } catch {
            try? FileManager.default.removeItem(at: staging)
            // Name the mirror, not the staging directory that no longer exists.
            throw GitError(
                kind: error.kind, operation: error.operation, repositoryPath: directory.path,
                message: error.message)
        }
        guard rename(staging.path, directory.path) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(at: staging)
            if code == EEXIST || code == ENOTEMPTY {
                // Another process finished the first clone meanwhile: use its mirror.
                return try fetchIntoExisting(attempt: attempt, onEvent: onEvent)
            }
            throw GitError(
                kind: .fileSystem(errno: code), operation: "move the new mirror into place",
                repositoryPath: directory.path, message: String(cString: strerror(code)))
        }
        return MirrorSynchronization(
            outcome: .created, updatedReferences: fetched.updates, attempts: attempt,
            transfer: fetched.transfer)
    }

    private func cloneIntoStaging(
        _ staging: URL, onEvent: @escaping @Sendable (MirrorEvent) -> Void
    ) throws(GitError) -> (updates: [ReferenceUpdate], transfer: TransferProgress) {
        var handle: OpaquePointer?
        try checkLibGit2(
            git_repository_init(&handle, staging.path, 1), "create a bare repository",
            repositoryPath: staging.path)
        guard let handle else {
            throw GitError(
                kind: .notARepository, operation: "create a bare repository",
                repositoryPath: staging.path, message: "libgit2 returned no repository")
        }
        let repository = Repository(adopting: handle)
        return try repository.fetchMirror(from: remoteURL, credentials: credentials, onEvent: onEvent)
    }

    private func fetchIntoExisting(
        attempt: Int, onEvent: @escaping @Sendable (MirrorEvent) -> Void
    ) throws(GitError) -> MirrorSynchronization {
        let repository = try Repository(openingAt: directory)
        let fetched = try repository.fetchMirror(from: remoteURL, credentials: credentials, onEvent: onEvent)
        return MirrorSynchronization(
            outcome: .fetched, updatedReferences: fetched.updates, attempts: attempt,
            transfer: fetched.transfer)
    }

    private func fileSystemError(_ operation: String, _ error: any Error) -> GitError {
        let code = (error as NSError).domain == NSPOSIXErrorDomain ? Int32((error as NSError).code) : nil
        return GitError(
            kind: .fileSystem(errno: code), operation: operation, repositoryPath: directory.path,
            message: error.localizedDescription)
    }
}

extension GitError {
    /// The final error of a retried fetch: names the mirror, the URL and the attempts.
    fileprivate func afterAttempts(_ attempt: Int, of attempts: Int, url: String) -> GitError {
        guard case .remoteUnavailable = kind else { return self }
        let note = attempt == 1 ? "" : " (gave up after \(attempt) attempts)"
        return GitError(
            kind: .remoteUnavailable(url: url, attempts: attempt), operation: operation,
            repositoryPath: repositoryPath, message: message + note)
    }
}
