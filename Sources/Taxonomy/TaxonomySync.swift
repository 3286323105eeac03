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
        let separated = RemoteURL.separatingUserInfo(remoteURL)
        self.remoteURL = separated.url
        self.branch = branch
        self.state = state
        self.retry = retry
        self.credentials = credentials == .none ? (separated.credentials ?? .none) : credentials
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
        let mirror = RemoteMirror(remoteURL: remoteURL, directory: state.mirror, retry: retry, credentials: credentials)
        let synchronization: MirrorSynchronization
        do {
            synchronization = try await mirror.synchronize { onEvent(.mirror($0)) }
        } catch {
            throw .git(error, "synchronise the taxonomy mirror", remoteURL)
        }
        let repository = try openMirror()
        let head = try branchHead(in: repository)
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
