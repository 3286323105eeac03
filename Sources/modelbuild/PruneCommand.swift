import ArgumentParser
import Foundation
import UseCases

struct PruneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Remove old runs and the stage outputs no build needs any more from .modelbuild/.",
        discussion: """
            Keeps the newest --keep-runs finished runs, every run still running or left \
            unfinished, and the run each build record names; keeps the store entries those \
            runs built or reused, the models the build records name and the keys in \
            keys.txt. Removes the other runs, store entries, trees and blobs, the \
            ingredients.log lines of the keys that went, and the plugin trials (plugins run) \
            beyond the newest --keep-runs of each plugin. Published artifacts are gc's, not \
            prune's.

            Builds hold .modelbuild/store/lock while they run, and a build that starts \
            waits for a prune to end. prune waits up to 5 seconds for running builds; then \
            it exits 1, saying a build is running, having removed nothing.
            """
    )

    @Option(help: ArgumentHelp("How many of the newest finished runs to keep (and of each plugin's trials).", valueName: "N"))
    var keepRuns = 20

    @Flag(help: "Print what would be removed, and remove nothing.")
    var dryRun = false

    @Flag(help: "Print JSON (docs/json.md), for other programs.")
    var json = false

    @OptionGroup var options: ConfigOptions

    func validate() throws {
        guard keepRuns >= 0 else { throw ValidationError("--keep-runs must be 0 or more, not \(keepRuns)") }
    }

    func run() async throws {
        let report = try await PruneSession(project: options.projectOrWorkingFolder).prune(keepRuns: keepRuns, dryRun: dryRun)
        if json {
            let plan = report?.plan
            JSONOutput.write([
                "dryRun": dryRun, "keepRuns": keepRuns,
                "keptRuns": plan?.keptRuns.map(\.run.id) ?? [], "removedRuns": plan?.removedRuns.map(\.run.id) ?? [],
                "removedEntries": plan?.removedEntries.map(\.key) ?? [], "keptEntries": plan?.keptEntries.count ?? 0,
                "removedTrees": plan?.removedTrees.count ?? 0, "removedBlobs": plan?.removedBlobs.count ?? 0,
                "keptPluginTrials": report?.keptPluginTrials ?? 0,
                "removedPluginTrials": report?.removedPluginTrials ?? [],
                "bytes": report?.bytesToReclaim ?? 0,
            ])
            return
        }
        guard let report else {
            print("nothing to prune: \(options.projectOrWorkingFolder.stateDirectory.path) does not exist")
            return
        }
        print(PruneReportText.render(report), terminator: "")
    }
}
