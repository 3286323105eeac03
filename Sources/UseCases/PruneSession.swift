import Foundation
import Runner
import Store

/// What one prune of a project's state folder decided, and (unless it was a dry run) did.
public struct PruneReport: Sendable, Hashable {
    /// The runs, store entries, trees and blobs kept and removed.
    public var plan: StatePrunePlan
    public var ingredients: IngredientsPrune
    /// How many plugin trials (`plugins run`) stay, and which go (`<name>/<id>`).
    public var keptPluginTrials: Int
    public var removedPluginTrials: [String]
    /// How many of the newest finished runs were kept.
    public var keepRuns: Int
    /// Whether nothing was removed on purpose.
    public var dryRun: Bool

    /// The bytes given back (or that would be), store, runs and ingredients.log together.
    public var bytesToReclaim: Int64 { plan.bytesToReclaim + ingredients.bytesToReclaim }
}

/// Prunes `.modelbuild/`: the runs and store entries no build needs any more, and the
/// `ingredients.log` lines of the keys that went, and the plugin trials (`plugins run`)
/// beyond the newest of each plugin. What a build needs next is kept whatever its age:
/// the run each build record names, the models it names (`modelKey`, `baseModelKey`) and
/// the keys in `keys.txt`.
public struct PruneSession: Sendable {
    public let project: Project

    public init(project: Project) {
        self.project = project
    }

    /// How long `prune` waits for running builds to let go of the store before giving up.
    public static let lockTimeout: Duration = .seconds(5)

    /// Prunes, holding the store lock exclusively throughout, so that no build adds or
    /// reuses an entry meanwhile; a build that starts waits for the prune to end.
    /// - Parameters:
    ///   - keepRuns: how many of the newest finished runs stay, and of each plugin's trials.
    ///   - dryRun: decide and report, but remove nothing.
    /// - Returns: nil when the project has no state folder (it never built).
    /// - Throws: `PruneError.buildRunning` when builds hold the store for longer than
    ///   `lockTimeout`; `StateFileError` when a build record or `keys.txt` cannot be read;
    ///   `StatePruneError`; file errors. Nothing was removed when planning failed.
    public func prune(keepRuns: Int, dryRun: Bool, lockTimeout: Duration = Self.lockTimeout) async throws
        -> PruneReport?
    {
        let state = StateDirectory(path: project.stateDirectory.path)
        guard FileManager.default.fileExists(atPath: state.path) else { return nil }
        let lock: StoreLock
        do {
            lock = try await state.lockStore(.exclusive, timeout: lockTimeout)
        } catch StoreLockError.busy(let path) {
            throw PruneError.buildRunning(lockFile: path)
        }
        defer { lock.release() }

        let records = try BuildRecord.all(state: state.path)
        let recordedKeys = try KeyLog.recordedKeys(state: state.path)
        var pinnedRuns: [String: String] = [:]
        for record in records {
            let reason = "the record of build \(record.build)"
            pinnedRuns[record.runID] = pinnedRuns[record.runID].map { $0 + ", " + reason } ?? reason
        }
        let recordedModels = records.flatMap { [$0.modelKey, $0.baseModelKey].compactMap { $0 } }
        let trials = try PluginTrialRetention(state: state.path).decide(keepNewest: keepRuns)
        let trialsFolder = PluginTrialRetention.trialsFolder(state: state.path)
        let pruner = StatePruner(state: state)
        let plan = try pruner.plan(
            keepNewestRuns: keepRuns, pinnedRuns: pinnedRuns, pinnedKeys: recordedKeys.union(recordedModels),
            otherLeftovers: try StateLeftovers(state: state.path).find(),
            otherRemovals: trials.removed.map { trialsFolder + "/" + $0 })
        if !dryRun { try pruner.carryOut(plan) }
        let ingredients = try KeyLog.pruneIngredients(
            state: state.path, keeping: plan.keptEntries.union(recordedKeys), dryRun: dryRun)
        return PruneReport(
            plan: plan, ingredients: ingredients, keptPluginTrials: trials.kept, removedPluginTrials: trials.removed,
            keepRuns: keepRuns, dryRun: dryRun)
    }
}

/// Why a prune did not happen.
public enum PruneError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A build holds the store lock (builds hold it shared while they run).
    case buildRunning(lockFile: String)

    public var description: String {
        switch self {
        case .buildRunning(let lockFile):
            "a build is running (it holds \(lockFile)); nothing was pruned: run prune again once it has finished"
        }
    }
}
