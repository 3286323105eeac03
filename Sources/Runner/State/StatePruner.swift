import Platform
import Store

/// Prunes a state folder's runs and output store. It keeps the newest finished runs, every
/// run still open, and the runs the caller pins; then the store entries those runs built
/// or reused and the keys the caller pins, with their trees and blobs; everything else
/// goes.
///
/// Hold the store lock exclusively (`StateDirectory.lockStore(.exclusive)`) from `plan`
/// to the end of `carryOut`: a build adds and reuses entries while it holds the lock
/// shared, so none can happen in between.
public struct StatePruner: Sendable {
    public let state: StateDirectory

    public init(state: StateDirectory) {
        self.state = state
    }

    /// Decides what goes, touching nothing (except creating an empty store's folders).
    /// - Parameters:
    ///   - keepNewestRuns: how many of the newest finished runs stay.
    ///   - pinnedRuns: run id → why it stays, whatever its age.
    ///   - pinnedKeys: store keys that stay though no kept run used them.
    ///   - otherLeftovers: paths outside the store and the runs that a killed writer left
    ///     (partial clones, temporary files), found by the caller; removed with the rest.
    ///   - otherRemovals: other folders of the state folder the caller decided go (old
    ///     plugin trials); counted and removed with the rest.
    /// - Throws: `StatePruneError.unreadableJournal` when a kept run's journal cannot be
    ///   read (the entries it uses would be unknown), `FileSystemError`, `OutputStoreError`.
    public func plan(
        keepNewestRuns: Int, pinnedRuns: [String: String] = [:], pinnedKeys: Set<String> = [],
        otherLeftovers: [String] = [], otherRemovals: [String] = []
    ) throws -> StatePrunePlan {
        let runs = try decideRuns(keepNewest: max(0, keepNewestRuns), pinned: pinnedRuns)
        var usedKeys = pinnedKeys
        for decision in runs where decision.isKept {
            usedKeys.formUnion(try keys(usedBy: decision.run))
        }
        let store = try state.openStore()
        var leftovers: [String] = []
        var keptEntries: Set<String> = []
        var removedEntries: [StatePrunePlan.EntryRemoval] = []
        var keptBlobs: Set<String> = []
        for name in try FileSystem.listDirectory(store.entriesDirectory).sorted() {
            if name.hasPrefix(AtomicFile.temporaryPrefix) { leftovers.append(store.entriesDirectory + "/" + name) }
            guard name.hasSuffix(".json") else { continue }
            let key = String(name.dropLast(".json".count))
            guard OutputStore.isValidKey(key) else { continue }
            guard let entry = try readEntry(key, in: store) else {
                removedEntries.append(.init(key: key, job: nil, reason: .damaged))
                continue
            }
            if usedKeys.contains(key) {
                keptEntries.insert(key)
                keptBlobs.formUnion(entry.files.values.map(\.sha256))
            } else {
                removedEntries.append(.init(key: key, job: entry.origin.job, reason: .unused))
            }
        }
        let removedTrees = try FileSystem.listDirectory(store.treesDirectory)
            .filter { !$0.hasPrefix(".") && !keptEntries.contains($0) }.sorted()
        let blobs = try FileSystem.listDirectory(store.blobsDirectory).filter { !$0.hasPrefix(".") }
        let removedBlobs = blobs.filter { !keptBlobs.contains($0) }.sorted()
        leftovers += try FileSystem.listDirectory(store.temporaryDirectory).sorted()
            .map { store.temporaryDirectory + "/" + $0 }
        if FileSystem.exists(state.runsDirectory) {
            leftovers += try FileSystem.listDirectory(state.runsDirectory).filter { $0.hasPrefix(Self.removingPrefix) }
                .sorted().map { state.runsDirectory + "/" + $0 }
        }
        leftovers += otherLeftovers

        var tally = ReclaimTally()
        for decision in runs where !decision.isKept { tally.add(decision.run.path) }
        for removal in removedEntries { tally.add(store.entryPath(removal.key)) }
        for key in removedTrees { tally.add(store.treePath(key)) }
        for blob in removedBlobs { tally.add(store.blobPath(sha256: blob)) }
        for path in leftovers + otherRemovals { tally.add(path) }
        return StatePrunePlan(
            runs: runs, keptEntries: keptEntries, removedEntries: removedEntries, removedTrees: removedTrees,
            removedBlobs: removedBlobs, keptBlobCount: blobs.count - removedBlobs.count, leftovers: leftovers,
            otherRemovals: otherRemovals, bytesToReclaim: tally.bytes)
    }

    /// A run folder being removed is first renamed to `runs/.removing-<id>`, so that no
    /// one lists a half-removed run; a prune cut short leaves it for the next to finish.
    static let removingPrefix = ".removing-"

    private func decideRuns(keepNewest: Int, pinned: [String: String]) throws -> [StatePrunePlan.RunDecision] {
        let runs = try state.runs()
        let finished = try runs.map(StateDirectory.isFinished)
        let newest = Set(zip(runs, finished).filter(\.1).map(\.0.id).suffix(keepNewest))
        return try runs.indices.map { index in
            let run = runs[index]
            var reasons: [StatePrunePlan.RunRetention] = []
            if newest.contains(run.id) { reasons.append(.newest) }
            if try RunLock.isHeld(path: run.lockFile) {
                reasons.append(.running)
            } else if !finished[index] {
                reasons.append(.unfinished)
            }
            if let why = pinned[run.id] { reasons.append(.pinned(why)) }
            return StatePrunePlan.RunDecision(run: run, keptBecause: reasons)
        }
    }

    /// The entry of `key`; nil when it is damaged (or went since it was listed).
    private func readEntry(_ key: String, in store: OutputStore) throws(OutputStoreError) -> StoreEntry? {
        do {
            return try store.entry(key)
        } catch {
            if case .corruptEntry = error { return nil }
            throw error
        }
    }

    /// The keys `run` built or reused, from its journal.
    private func keys(usedBy run: RunDirectory) throws -> Set<String> {
        guard FileSystem.exists(run.journalFile) else { return [] }
        let journal: JournalContents
        do {
            journal = try Journal.read(path: run.journalFile)
        } catch {
            throw StatePruneError.unreadableJournal(run: run.id, error)
        }
        var keys: Set<String> = []
        for record in journal.records {
            switch record.event {
            case .jobSucceeded(_, _, let key), .jobReused(_, let key): keys.insert(key)
            default: break
            }
        }
        return keys
    }
}

/// Why pruning stopped before removing anything.
public enum StatePruneError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A run that stays has a journal that cannot be read, so which entries it needs is
    /// unknown.
    case unreadableJournal(run: String, JournalError)

    public var description: String {
        switch self {
        case .unreadableJournal(let run, let error):
            "prune: run \(run) stays but its journal cannot be read, so nothing was removed (\(error))"
        }
    }
}
