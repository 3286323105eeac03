import Foundation
import UseCases
import BuildConfiguration

/// `modelbuild schedule --next` and `--status` as a person reads them.
enum ScheduleOverviewText {
    /// Every build's next fire times, in UTC and in the build's zone.
    static func next(_ overview: ScheduleOverview) -> String {
        var lines: [String] = []
        for entry in overview.entries {
            lines.append("\(entry.spec.name): \(when(entry, branch: overview.branch))")
            for fire in entry.nextFires { lines.append("  " + ScheduleText.both(fire, entry.zone)) }
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// Whether a scheduler runs, then per build: next fire, the run going on, last result.
    static func status(_ overview: ScheduleOverview, now: Date) -> String {
        var lines = [
            overview.daemon.map { "scheduler: running (pid \($0))" }
                ?? "scheduler: not running (start it with modelbuild schedule)"
        ]
        for entry in overview.entries {
            lines.append("\(entry.spec.name): \(when(entry, branch: overview.branch))")
            if let fire = entry.nextFires.first {
                lines.append("  next:     \(ScheduleText.both(fire, entry.zone)) (\(ScheduleText.relative(fire, now: now)))")
            }
            if entry.spec.trigger != nil {
                let seen = entry.state.seenHead.map(ScheduleText.short) ?? "not read yet"
                let built = entry.state.builtHead.map(ScheduleText.short) ?? "none"
                lines.append("  branch:   at \(seen), last built \(built)")
            }
            for (number, pullRequest) in (entry.state.pullRequests ?? [:]).sorted(by: { (Int($0.key) ?? 0) < (Int($1.key) ?? 0) }) {
                let tried = pullRequest.triedHead.map {
                    "tried \(ScheduleText.short($0))" + (pullRequest.candidate.map { " (\($0))" } ?? "")
                }
                let label = "#\(number):"
                lines.append(
                    "  \(label)" + String(repeating: " ", count: max(1, 10 - label.count))
                        + "at \(ScheduleText.short(pullRequest.seenHead)), \(tried ?? "not tried yet")")
            }
            if let since = entry.state.runningSince, overview.daemon != nil {
                lines.append("  running:  since \(ScheduleText.utc(since)) (\(ScheduleText.relative(since, now: now)))")
            }
            if let result = entry.state.lastResult {
                lines.append("  last:     \(ScheduleText.utc(result.finished)) \(ScheduleText.result(result))")
            } else if entry.spec.schedule != nil || entry.spec.trigger != nil || entry.spec.pullRequestTrigger != nil {
                lines.append("  last:     never run by the scheduler")
            }
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// `schedule "0 2 * * *" (Europe/Paris); on merge to main (poll 5m, quiet 10m)`.
    private static func when(_ entry: ScheduleOverview.Entry, branch: String?) -> String {
        var parts: [String] = []
        if let schedule = entry.spec.schedule {
            parts.append("schedule \"\(schedule.expression)\" (\(entry.zone.identifier))")
        }
        if let trigger = entry.spec.trigger {
            parts.append(
                "on merge to \(branch ?? "the taxonomy branch") (poll \(DurationText.format(trigger.poll)), "
                    + "quiet \(DurationText.format(trigger.quiet)))")
        }
        if let trigger = entry.spec.pullRequestTrigger {
            parts.append(
                "candidates of pull requests as their heads move (poll \(DurationText.format(trigger.poll)), "
                    + "quiet \(DurationText.format(trigger.quiet)), \(trigger.maxParallel) at a time)")
        }
        if parts.isEmpty { return "not scheduled (modelbuild build \(entry.spec.name))" }
        if entry.spec.schedule != nil, entry.nextFires.isEmpty { parts.append("never fires") }
        return parts.joined(separator: "; ")
    }
}
