/// Progress of a fetch's download, as libgit2's indexer counts it.
public struct TransferProgress: Sendable, Hashable {
    /// Objects the remote is sending.
    public var totalObjects: Int
    /// Objects received so far.
    public var receivedObjects: Int
    /// Objects received and indexed so far.
    public var indexedObjects: Int
    /// Objects that were already present locally (thin-pack bases).
    public var localObjects: Int
    /// Deltas to resolve in the received pack.
    public var totalDeltas: Int
    /// Deltas resolved so far.
    public var indexedDeltas: Int
    /// Bytes received so far.
    public var receivedBytes: Int

    /// Creates a progress record; every count defaults to zero.
    public init(
        totalObjects: Int = 0, receivedObjects: Int = 0, indexedObjects: Int = 0,
        localObjects: Int = 0, totalDeltas: Int = 0, indexedDeltas: Int = 0,
        receivedBytes: Int = 0
    ) {
        self.totalObjects = totalObjects
        self.receivedObjects = receivedObjects
        self.indexedObjects = indexedObjects
        self.localObjects = localObjects
        self.totalDeltas = totalDeltas
        self.indexedDeltas = indexedDeltas
        self.receivedBytes = receivedBytes
    }
}

/// A reference the fetch created, moved or pruned in the mirror.
public struct ReferenceUpdate: Sendable, Hashable {
    /// The full reference name, e.g. `refs/heads/main` or `refs/tags/v1.0`.
    public let name: String
    /// Where it pointed before; nil when the fetch created it.
    public let old: ObjectID?
    /// Where it points now; nil when the fetch pruned it.
    public let new: ObjectID?

    /// Creates an update record from its parts.
    public init(name: String, old: ObjectID?, new: ObjectID?) {
        self.name = name
        self.old = old
        self.new = new
    }
}

/// What a mirror synchronisation reports while it runs.
public enum MirrorEvent: Sendable {
    /// The download advanced.
    case transfer(TransferProgress)
    /// Attempt `attempt` of `of` failed with `error`; the next starts after `backoff`.
    case retrying(attempt: Int, of: Int, backoff: Duration, error: GitError)
}

/// What a mirror synchronisation did.
public struct MirrorSynchronization: Sendable {
    /// Whether the mirror was made now or already existed.
    public enum Outcome: Sendable, Hashable {
        /// The mirror did not exist and was cloned.
        case created
        /// The mirror existed and was fetched into.
        case fetched
    }

    /// Whether the mirror was made now or already existed.
    public let outcome: Outcome
    /// The references that were created, moved or pruned, sorted by name; empty when
    /// nothing changed upstream.
    public let updatedReferences: [ReferenceUpdate]
    /// How many attempts it took (1 when the first succeeded).
    public let attempts: Int
    /// The final download counts of the successful attempt.
    public let transfer: TransferProgress

    /// Creates a record from its parts.
    public init(
        outcome: Outcome, updatedReferences: [ReferenceUpdate], attempts: Int,
        transfer: TransferProgress
    ) {
        self.outcome = outcome
        self.updatedReferences = updatedReferences
        self.attempts = attempts
        self.transfer = transfer
    }
}
