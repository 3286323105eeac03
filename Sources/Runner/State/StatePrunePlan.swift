/// What pruning a state folder keeps and removes, and why: decided by `StatePruner.plan`
/// before anything is touched, carried out by `StatePruner.carryOut` (a dry run prints it
/// and stops there).
public struct StatePrunePlan: Sendable, Hashable {
    /// Why a run is kept.
    public enum RunRetention: Sendable, Hashable {
        /// Among the newest finished runs the caller keeps.
        case newest
        /// A process holds its lock.
        case running
        /// Its journal has no `run.finished`: the next build marks it interrupted and
        /// reuses what it made.
        case unfinished
        /// The caller keeps it, for the reason given (a build record names it).
        case pinned(String)
    }

    /// One run and whether it stays.
    public struct RunDecision: Sendable, Hashable {
        public var run: RunDirectory
        /// Every reason it stays; empty when it is removed.
        public var keptBecause: [RunRetention]

        public var isKept: Bool { !keptBecause.isEmpty }
    }

    /// A store entry that goes.
    public struct EntryRemoval: Sendable, Hashable {
        public enum Reason: Sendable, Hashable {
            /// No kept run used it, and the caller does not pin it.
            case unused
            /// It cannot be read (cut short by a power cut): its stage would rerun anyway.
            case damaged
        }

        public var key: String
        /// The job that made it, when the entry could be read.
        public var job: String?
        public var reason: Reason
    }

    /// Every run folder, oldest first.
    public var runs: [RunDecision]
    /// The keys whose entries stay.
    public var keptEntries: Set<String>
    public var removedEntries: [EntryRemoval]
    /// The keys whose trees go: those of removed entries, and trees left without an entry.
    public var removedTrees: [String]
    /// The blobs (by SHA-256) no kept entry lists.
    public var removedBlobs: [String]
    public var keptBlobCount: Int
    /// What interrupted work left behind (`store/tmp/*`, a temporary entry file, a run
    /// folder half removed), as absolute paths.
    public var leftovers: [String]
    /// Other folders the caller decided go (old plugin trials), as absolute paths.
    public var otherRemovals: [String] = []
    /// The bytes of the files whose every hard link goes: a blob still linked from a kept
    /// tree gives nothing back.
    public var bytesToReclaim: Int64

    public var keptRuns: [RunDecision] { runs.filter(\.isKept) }
    public var removedRuns: [RunDecision] { runs.filter { !$0.isKept } }

    /// Whether carrying it out would change nothing.
    public var removesNothing: Bool {
        removedRuns.isEmpty && removedEntries.isEmpty && removedTrees.isEmpty && removedBlobs.isEmpty
            && leftovers.isEmpty && otherRemovals.isEmpty
    }
}
