import UseCases
import Runner

/// `modelbuild prune`'s output: each run kept or removed and why, each store entry and
/// plugin trial removed, then the counts and the bytes given back. A dry run prints the same lines,
/// in the conditional.
enum PruneReportText {
    static func render(_ report: PruneReport) -> String {
        let plan = report.plan
        let remove = report.dryRun ? "would remove" : "remove"
        let removed = report.dryRun ? "to remove" : "removed"
        var lines: [String] = []
        for decision in plan.runs {
            let reasons = decision.keptBecause.map { reason($0, keepRuns: report.keepRuns) }.joined(separator: ", ")
            lines.append(
                decision.isKept
                    ? "keep   run \(decision.run.id): \(reasons)"
                    : "\(remove) run \(decision.run.id): finished, not among the newest \(report.keepRuns), named by no build record")
        }
        for removal in plan.removedEntries {
            let job = removal.job.map { " (\($0))" } ?? ""
            let why = removal.reason == .damaged ? "damaged" : "no kept run used it"
            lines.append("\(remove) entry \(removal.key)\(job): \(why)")
        }
        for trial in report.removedPluginTrials {
            lines.append("\(remove) plugin trial \(trial): not among the newest \(report.keepRuns) of its plugin")
        }
        lines.append("runs: \(plan.keptRuns.count) kept, \(plan.removedRuns.count) \(removed)")
        lines.append(
            "store: \(plan.keptEntries.count) entries kept, \(plan.removedEntries.count) \(removed); "
                + "\(plan.removedTrees.count) trees \(removed); \(plan.keptBlobCount) blobs kept, "
                + "\(plan.removedBlobs.count) \(removed); \(plan.leftovers.count) leftovers \(removed)")
        if report.keptPluginTrials + report.removedPluginTrials.count > 0 {
            lines.append("plugin trials: \(report.keptPluginTrials) kept, \(report.removedPluginTrials.count) \(removed)")
        }
        lines.append(
            "ingredients.log: \(report.ingredients.keptLines) lines kept, \(report.ingredients.removedLines) \(removed)")
        lines.append("\(report.dryRun ? "would reclaim" : "reclaimed") \(report.bytesToReclaim) bytes")
        return lines.map { $0 + "\n" }.joined()
    }

    private static func reason(_ retention: StatePrunePlan.RunRetention, keepRuns: Int) -> String {
        switch retention {
        case .newest: "among the newest \(keepRuns) finished"
        case .running: "running"
        case .unfinished: "unfinished (the next build marks it interrupted and reuses its outputs)"
        case .pinned(let why): why
        }
    }
}
