import Foundation
import Platform
import Store

/// modelbuild's state folder (`.modelbuild/`) as the runner sees it: `runs/` (one folder
/// per run, see `RunDirectory`) and `store/` (the `OutputStore`, shared by all runs).
public struct StateDirectory: Sendable, Hashable {
    public var path: String

    public init(path: String) {
        self.path = path
    }

    public var runsDirectory: String { path + "/runs" }
    public var storeDirectory: String { path + "/store" }
    /// `store/lock`: see `StoreLock`.
    public var storeLockFile: String { storeDirectory + "/lock" }
    /// `locks/`: one lock file per build name.
    public var locksDirectory: String { path + "/locks" }
    /// `locks/build-<name>.lock`: see `BuildLock`.
    public func buildLockFile(_ build: String) -> String { locksDirectory + "/build-" + build + ".lock" }

    /// Opens (creating if needed) the output store.
    public func openStore() throws(OutputStoreError) -> OutputStore {
        try OutputStore(root: storeDirectory)
    }

    /// Takes the store's lock (creating the store folder if needed): `shared` for a build,
    /// `exclusive` to prune. See `StoreLock.acquire` for `timeout` and `whileWaiting`.
    public func lockStore(
        _ mode: StoreLock.Mode, timeout: Duration? = nil, whileWaiting: () -> Void = {}
    ) async throws -> StoreLock {
        do {
            try FileSystem.makeDirectories(storeDirectory)
        } catch {
            throw StoreLockError.system(error)
        }
        return try await StoreLock.acquire(path: storeLockFile, mode, timeout: timeout, whileWaiting: whileWaiting)
    }

    /// Creates a new run folder and takes its lock; keep the lock until the run's journal
    /// is finished.
    public func beginRun(id: String = RunDirectory.makeID()) throws -> (directory: RunDirectory, lock: RunLock) {
        try RunDirectory.create(runsDirectory: runsDirectory, id: id)
    }

    /// Every run folder, oldest first (run ids sort by start time).
    public func runs() throws(FileSystemError) -> [RunDirectory] {
        guard FileSystem.exists(runsDirectory) else { return [] }
        return try FileSystem.listDirectory(runsDirectory)
            .filter { !$0.hasPrefix(".") }
            .sorted()
            .map { RunDirectory(runsDirectory: runsDirectory, id: $0) }
            .filter { (try? FileSystem.status($0.path)?.kind) == .directory }
    }

    /// Runs whose process died: the journal has no `run.finished` record and no process
    /// holds the run's lock. A run still starting or running holds its lock and is never
    /// listed.
    public func staleRuns() throws -> [RunDirectory] {
        try runs().filter { run in
            try !Self.isFinished(run) && !RunLock.isHeld(path: run.lockFile)
        }
    }

    /// Closes the journal of every stale run with `run.finished` (`interrupted`), holding
    /// the run's lock while it does so that two builds never both close it, and returns
    /// those runs. Their successful outputs are already in the store, so the next run
    /// reuses them. Before closing it, the stages the dead run left running are stopped
    /// (`OrphanedStages`: SIGTERM, `grace`, SIGKILL), each reported to `stopped`, so the
    /// rerun never starts a second copy beside one.
    @discardableResult
    public func markStaleRunsInterrupted(
        now: Date = Date(), grace: Duration = .seconds(10),
        stopped: (RunDirectory, OrphanedStages.StoppedGroup) -> Void = { _, _ in }
    ) async throws -> [RunDirectory] {
        var marked: [RunDirectory] = []
        for run in try runs() where try !Self.isFinished(run) {
            let lock: RunLock
            do {
                lock = try RunLock.acquire(path: run.lockFile)
            } catch .held {
                continue
            }
            defer { lock.release() }
            guard try !Self.isFinished(run) else { continue }
            if let records = try? Journal.read(path: run.journalFile).records {
                for group in await OrphanedStages.stop(in: run, records: records, grace: grace) { stopped(run, group) }
            }
            let journal = try Journal.open(path: run.journalFile)
            try journal.append(JournalRecord(time: now, event: .runFinished(status: .interrupted)))
            try journal.close()
            marked.append(run)
        }
        return marked
    }

    /// Whether the run's journal ends with `run.finished`.
    static func isFinished(_ run: RunDirectory) throws -> Bool {
        guard FileSystem.exists(run.journalFile) else { return false }
        return try Journal.endsWithRunFinished(path: run.journalFile)
    }
}
