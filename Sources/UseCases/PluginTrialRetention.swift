import Foundation
import Platform

/// Which plugin trials (`modelbuild plugins run`, each in `.modelbuild/plugin-runs/<name>/<id>/`)
/// a prune keeps: the newest `keepNewest` of each plugin, and every one still running
/// (a process holds its `lock`). The others go.
struct PluginTrialRetention {
    /// The state folder.
    let state: String

    /// The folder every plugin's trials are in.
    static func trialsFolder(state: String) -> String { state + "/plugin-runs" }

    /// The file a running trial holds locked.
    static func lockFile(inTrial folder: String) -> String { folder + "/lock" }

    /// What is kept and what goes, by plugin.
    struct Decision: Sendable, Hashable {
        /// How many trials stay.
        var kept: Int
        /// `<name>/<id>` of each trial that goes, sorted.
        var removed: [String]
    }

    /// Decides, touching nothing. Trial ids sort by when they started (`RunDirectory.makeID`).
    func decide(keepNewest: Int) throws -> Decision {
        let folder = Self.trialsFolder(state: state)
        var decision = Decision(kept: 0, removed: [])
        for plugin in try FileSystem.sortedEntries(folder)
        where !plugin.hasPrefix(".") && (try? FileSystem.status(folder + "/" + plugin))?.isDirectory == true {
            let trials = try FileSystem.sortedEntries(folder + "/" + plugin).filter { !$0.hasPrefix(".") }
            let newest = Set(trials.suffix(max(0, keepNewest)))
            for trial in trials {
                let path = folder + "/" + plugin + "/" + trial
                let running = (try? FileLock.isHeld(Self.lockFile(inTrial: path))) ?? true
                if newest.contains(trial) || running {
                    decision.kept += 1
                } else {
                    decision.removed.append(plugin + "/" + trial)
                }
            }
        }
        return decision
    }
}
