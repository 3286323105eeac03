import Platform
import Runner

/// The line the live view leaves behind when a stage ends (`✓ train  5.0s`,
/// `✗ fail-late  1.2s  exit status 3`, `✓ generate  reused`), with a failure's last log
/// lines under it. Fitted to the terminal's width, then styled.
enum FinishedStageText {
    /// The lines for `record`, or none when it does not end a stage attempt.
    static func lines(
        for record: JournalRecord, summary: RunSummary, logTail: [String], columns: Int, style: TextStyle
    ) -> [String] {
        let usable = max(columns - 1, 8)
        func fit(_ text: String) -> String { TerminalLine.truncating(text, toColumns: usable) }
        func name(_ job: String) -> String {
            TerminalLine.elidingMiddle(PrintableText.escaping(job), toColumns: max(12, usable / 2))
        }
        func took(_ job: String) -> String {
            guard let attempt = summary[job: job]?.attempts.last, let duration = attempt.duration else { return "" }
            return "  " + EventText.duration(duration)
        }
        switch record.event {
        case .jobSucceeded(let job, let attempt, _):
            let metrics = (summary[job: job]?.metrics ?? [:]).sorted { $0.key < $1.key }.prefix(4)
                .map { "\(PrintableText.escaping($0.key))=\(metricValue($0.value))" }.joined(separator: " ")
            return [
                style.green(
                    fit(
                        "✓ \(name(job))\(took(job))" + (attempt > 1 ? "  (attempt \(attempt))" : "")
                            + (metrics.isEmpty ? "" : "  " + metrics)))
            ]
        case .jobReused(let job, _):
            return [style.cyan(fit("✓ \(name(job))  reused"))]
        case .jobFailed(let job, let attempt, let outcome):
            let head = style.red(
                fit("✗ \(name(job))\(took(job))  \(EventText.outcome(outcome))" + (attempt > 1 ? "  (attempt \(attempt))" : "")))
            return [head] + tailLines(logTail, usable: usable, style: style)
        case .jobRetried(let job, let attempt, let delay):
            return [style.yellow(fit("↻ \(name(job))  retrying in \(EventText.duration(delay)) (attempt \(attempt))"))]
        case .jobSkipped(let job, let need, let failedJob):
            let why = need == failedJob ? "needs \(need), which failed" : "needs \(need), which needs \(failedJob)"
            return [style.yellow(fit("- \(name(job))  skipped: \(why)"))]
        case .jobCancelled(let job, _):
            return [style.yellow(fit("✗ \(name(job))  cancelled"))]
        default:
            return []
        }
    }

    /// `0.8123` for a metric: four significant digits are enough to read at a glance.
    private static func metricValue(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.4g", value)
    }

    /// A failed stage's last log lines, indented under it; `(no output)` for a silent one.
    static func tailLines(_ tail: [String], usable: Int, style: TextStyle) -> [String] {
        guard !tail.isEmpty else { return [style.dim("    (no output)")] }
        return tail.map { style.dim(TerminalLine.truncating("    │ " + PrintableText.escaping($0), toColumns: usable)) }
    }
}
