import Foundation
import Git

/// Keeps the bare mirror of the taxonomy remote up to date and says what changed since
/// the previous synchronisation: the new head of the configured branch, the commits
/// merged since, and whether the branch was force-pushed.
///
/// The first call clones the mirror; later calls fetch into it. Fetches are serialised
/// across processes by a lock file, so two modelbuild runs never fetch the same mirror at
/// once (the second waits, then fetches what little is left).
public struct TaxonomySync: Sendable {
    /// How many commits the first synchronisation lists (there is no "since" yet).
    public static let firstSyncListing = 10

    /// Where to fetch from: a URL libgit2 understands or an absolute local path.
    public let remoteURL: String
    /// The branch builds follow.
    public let branch: String
    /// Where the mirror, lock and record live.
    public let state: TaxonomyStateLayout
    /// How failed fetches are retried.
    public var retry: RetryPolicy
    /// What to answer when the remote asks who modelbuild is.
    public var credentials: RemoteCredentials

    /// Describes the synchronisation; nothing is touched until `synchronize` runs. User
    /// information in `remoteURL` is taken out (`RemoteURL`): it is used as the
    /// credentials when `credentials` gives none, and never recorded or printed.
    public init(
        remoteURL: String, branch: String, state: TaxonomyStateLayout, retry: RetryPolicy = .standard,
        credentials: RemoteCredentials = .none
    ) {
        // The mirror takes the user information out; its URL is the one recorded.
        let mirror = RemoteMirror(remoteURL: remoteURL, directory: state.mirror, credentials: credentials)
        self.remoteURL = mirror.remoteURL
        self.branch = branch
        self.state = state
        self.retry = retry
        self.credentials = mirror.credentials
    }

    /// Clones or fetches the mirror, resolves the branch, and compares its head with the
    /// one the previous synchronisation recorded (then records the new one).
    ///
    /// `onEvent` receives the download's progress, retries, and a note when another
    /// process holds the lock.
    ///
    /// - Throws: `.git(.remoteUnavailable…)` when the remote cannot be fetched after the
    ///   retries, `.branchNotFound` when the remote has no such branch, `.cancelled`.
    public func synchronize(
        onEvent: @escaping @Sendable (TaxonomySyncEvent) -> Void = { _ in }
    ) async throws(TaxonomyError) -> TaxonomySyncResult {
        let lockFile = state.mirrorLock
        let lock = try await ExclusiveFileLock.acquire(lockFile) { onEvent(.waitingForLock(lockFile)) }
        defer { lock.release() }
        MirrorLeftovers.remove(beside: state.mirror)
        let mirror = RemoteMirror(remoteURL: remoteURL, directory: state.mirror, retry: retry, credentials: credentials)
        var synchronization: MirrorSynchronization
        var repository: Repository
        var head: ObjectID
        do throws(TaxonomyError) {
            do throws(TaxonomyError) {
                synchronization = try await synchronizeMirror(mirror, onEvent: onEvent)
            } catch {
                // A fetch can fail because the mirror it fetches into is damaged: only
                // then is a fresh clone worth it; otherwise the failure is the remote's.
                if error.isMirrorDamage, FileManager.default.fileExists(atPath: state.mirror.path),
                    let damage = mirrorDamage()
                {
                    throw damage
                }
                throw error
            }
            repository = try openMirror()
            head = try readableBranchHead(in: repository)
        } catch {
            // A mirror damaged on disk (a truncated pack, a lost object: a kill or a full
            // disk during a fetch) is set aside and cloned again, once; a missing branch or
            // an unreachable remote is not damage, and is reported as it is.
            guard case .mirrorDamaged = error.kind else { throw error }
            onEvent(.mirrorDamaged(state.mirror.path, reason: error.message))
            try MirrorLeftovers.setAside(state.mirror)
            synchronization = try await synchronizeMirror(mirror, onEvent: onEvent)
            repository = try openMirror()
            head = try readableBranchHead(in: repository)
        }
        let previous = TaxonomySyncRecord.read(from: state.syncRecord)
            .flatMap { $0.url == remoteURL && $0.branch == branch ? $0.headID : nil }
        let comparison = try compare(previous: previous, head: head, in: repository)
        try TaxonomySyncRecord(url: remoteURL, branch: branch, head: head.hex, syncedAt: Date())
            .write(to: state.syncRecord)
        return TaxonomySyncResult(
            outcome: synchronization.outcome, remoteURL: remoteURL, branch: branch, head: head,
            previousHead: previous, history: comparison.history, merged: comparison.merged,
            attempts: synchronization.attempts, transfer: synchronization.transfer)
    }

    private func synchronizeMirror(
        _ mirror: RemoteMirror, onEvent: @escaping @Sendable (TaxonomySyncEvent) -> Void
    ) async throws(TaxonomyError) -> MirrorSynchronization {
        do {
            return try await mirror.synchronize { onEvent(.mirror($0)) }
        } catch {
            throw .git(error, "synchronise the taxonomy mirror", remoteURL)
        }
    }

    /// The damage found in the mirror as it is on disk, or nil when its branch head and
    /// tree read.
    private func mirrorDamage() -> TaxonomyError? {
        do throws(TaxonomyError) {
            _ = try readableBranchHead(in: try openMirror())
            return nil
        } catch {
            if case .mirrorDamaged = error.kind { return error }
            if case .branchNotFound = error.kind { return nil }
            return TaxonomyError(
                kind: .mirrorDamaged, operation: error.operation, subject: state.mirror.path, message: error.message)
        }
    }

    /// The branch head, after checking that its commit and root tree can be read: a ref
    /// whose objects are gone is damage (`.mirrorDamaged`), not a missing branch.
    private func readableBranchHead(in repository: Repository) throws(TaxonomyError) -> ObjectID {
        let head = try branchHead(in: repository)
        do {
            _ = try repository.commit(head)
            _ = try repository.treeEntries(in: head)
        } catch {
            throw TaxonomyError(
                kind: .mirrorDamaged, operation: "read the branch head", subject: state.mirror.path,
                message: "the taxonomy mirror is damaged: branch '\(branch)' points at \(head.hex), which cannot be read "
                    + "(\(error.message)); remove \(state.mirror.path) and run `modelbuild taxonomy sync` to clone it again")
        }
        return head
    }

    /// Opens the mirror for reading.
    ///
    /// - Throws: `.notSynchronized` when it has never been synchronised.
    public func openMirror() throws(TaxonomyError) -> Repository {
        do {
            return try Repository(openingAt: state.mirror)
        } catch {
            if error.kind == .notARepository {
                throw TaxonomyError(
                    kind: .notSynchronized, operation: "open the taxonomy mirror", subject: state.mirror.path,
                    message: "there is no mirror yet; run `modelbuild taxonomy sync` first")
            }
            throw .git(error, "open the taxonomy mirror", state.mirror.path)
        }
    }

    /// The head of the branch in the mirror as last synchronised (no fetch).
    ///
    /// - Throws: `.branchNotFound` with the branches that exist.
    public func branchHead(in repository: Repository) throws(TaxonomyError) -> ObjectID {
        do {
            return try repository.branchHead(branch)
        } catch {
            guard error.kind == .notFound else { throw .git(error, "resolve the branch", branch) }
            let available = ((try? repository.branches()) ?? [:]).keys.sorted()
            if available.contains(branch) {
                throw TaxonomyError(
                    kind: .mirrorDamaged, operation: "resolve the branch", subject: state.mirror.path,
                    message: "the taxonomy mirror is damaged: branch '\(branch)' is listed but cannot be resolved "
                        + "(\(error.message)); remove \(state.mirror.path) and run `modelbuild taxonomy sync` to clone it again")
            }
            let listing = available.isEmpty ? "it has no branches" : "it has " + available.joined(separator: ", ")
            throw TaxonomyError(
                kind: .branchNotFound(branch: branch, available: available), operation: "resolve the branch",
                subject: remoteURL, message: "no branch '\(branch)' in the taxonomy remote (\(listing))")
        }
    }

    private func compare(
        previous: ObjectID?, head: ObjectID, in repository: Repository
    ) throws(TaxonomyError) -> (history: TaxonomyHistoryChange, merged: CommitLog) {
        let operation = "list the merged commits"
        do {
            guard let previous else {
                let log = try repository.firstParentLog(from: nil, to: head, maxCount: Self.firstSyncListing)
                return (.firstSync, log)
            }
            guard (try? repository.commit(previous)) != nil else {
                // The old head is gone from the mirror: history was rewritten and pruned.
                let log = try repository.firstParentLog(from: nil, to: head, maxCount: Self.firstSyncListing)
                return (.forcePushed(previous: previous, relation: nil), log)
            }
            let relation = try repository.relation(from: previous, to: head)
            let log = try repository.firstParentLog(from: previous, to: head, maxCount: LeafChanges.defaultMaxCommits)
            switch relation {
            case .unchanged: return (.unchanged, log)
            case .fastForward: return (.advanced, log)
            case .rewound, .rewritten, .unrelated: return (.forcePushed(previous: previous, relation: relation), log)
            }
        } catch {
            throw .git(error, operation, state.mirror.path)
        }
    }
}

/// What a synchronisation reports while it runs.
public enum TaxonomySyncEvent: Sendable {
    /// Another process holds the mirror's lock; this one waits for it.
    case waitingForLock(URL)
    /// The fetch advanced or is being retried.
    case mirror(MirrorEvent)
    /// The mirror at the path was damaged (the reason says how); it is set aside and
    /// cloned again.
    case mirrorDamaged(String, reason: String)
}

/// How the branch's history moved since the previous synchronisation.
public enum TaxonomyHistoryChange: Sendable, Hashable {
    /// No earlier synchronisation of this remote and branch was recorded.
    case firstSync
    /// The head did not move.
    case unchanged
    /// New commits were added on top of the previous head.
    case advanced
    /// The previous head is no longer in the branch's history: the branch was
    /// force-pushed (`relation` says how; nil when the old head is gone from the mirror).
    case forcePushed(previous: ObjectID, relation: HistoryRelation?)
}

/// What one synchronisation did and found.
public struct TaxonomySyncResult: Sendable {
    /// Whether the mirror was cloned now or fetched into.
    public let outcome: MirrorSynchronization.Outcome
    /// The remote that was fetched.
    public let remoteURL: String
    /// The branch followed.
    public let branch: String
    /// The branch's head now.
    public let head: ObjectID
    /// The head the previous synchronisation recorded, if any.
    public let previousHead: ObjectID?
    /// How the history moved.
    public let history: TaxonomyHistoryChange
    /// The first-parent commits since the previous head, newest first (on a first
    /// synchronisation, or when the old head is gone, the newest `firstSyncListing`).
    public let merged: CommitLog
    /// Fetch attempts it took.
    public let attempts: Int
    /// The final download counts.
    public let transfer: TransferProgress

    /// Creates a result from its parts.
    public init(
        outcome: MirrorSynchronization.Outcome, remoteURL: String, branch: String, head: ObjectID,
        previousHead: ObjectID?, history: TaxonomyHistoryChange, merged: CommitLog, attempts: Int,
        transfer: TransferProgress
    ) {
        self.outcome = outcome
        self.remoteURL = remoteURL
        self.branch = branch
        self.head = head
        self.previousHead = previousHead
        self.history = history
        self.merged = merged
        self.attempts = attempts
        self.transfer = transfer
    }
}
