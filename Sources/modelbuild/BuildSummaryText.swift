import Runner

/// The few lines that end a build: how it ended, what ran, what to look at next.
enum BuildSummaryText {
    static func render(_ summary: RunSummary, runID: String) -> String {
        var counts: [JobState: Int] = [:]
        for job in summary.jobs { counts[job.state, default: 0] += 1 }
        let status = summary.status?.rawValue ?? "unfinished"
        let wall = summary.wallTime.map(EventText.duration) ?? "?"
        var lines = [
            "\(summary.start?.subject ?? "build") \(status) in \(wall): \(summary.jobs.count) stages, "
                + "\(counts[.succeeded] ?? 0) run, \(counts[.reused] ?? 0) reused, \(counts[.failed] ?? 0) failed, "
                + "\(counts[.skipped] ?? 0) skipped" + ((counts[.cancelled] ?? 0) > 0 ? ", \(counts[.cancelled]!) cancelled" : "")
        ]
        let path = summary.criticalPath
        if !path.jobs.isEmpty {
            lines.append("critical path: \(path.jobs.joined(separator: " → ")) (\(EventText.duration(path.duration)))")
        }
        for job in summary.jobs where job.state == .failed {
            let attempt = job.attempts.last
            let reason = attempt?.outcome.map(EventText.outcome) ?? "failed"
            lines.append("failed: \(job.id): \(reason) — modelbuild logs \(runID) \(job.id)")
        }
        lines.append("run: \(runID) (modelbuild status \(runID))")
        return lines.map { $0 + "\n" }.joined()
    }
}
