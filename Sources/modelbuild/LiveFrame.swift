import Foundation
import Platform
import Runner

/// The block the live view redraws in place: a count line, then one row per running
/// stage with its elapsed time, a bar and its progress text (or its last log line).
/// Every row fits in one terminal row (one cell to spare, so no terminal wraps it),
/// which is what lets the view move the cursor up exactly over it.
struct LiveFrame {
    /// What the frame is drawn from: the whole job list, not the last event.
    var summary: RunSummary
    /// The last `::progress` text per job.
    var progressText: [String: String]
    /// The last log line per running job, for stages that report no progress.
    var lastLogLine: [String: String]
    var now: Date
    var size: TerminalSize
    var style: TextStyle

    private static let barWidth = 12

    /// The rows, top to bottom, already fitted and styled.
    func lines() -> [String] {
        let usable = max(size.columns - 1, 8)
        let jobs = summary.jobs
        var counts: [JobState: Int] = [:]
        for job in jobs { counts[job.state, default: 0] += 1 }
        let done = (counts[.succeeded] ?? 0) + (counts[.reused] ?? 0)
        var parts = ["\(done)/\(jobs.count) done", "\(counts[.running] ?? 0) running"]
        if let waiting = counts[.queued], waiting > 0 { parts.append("\(waiting) waiting") }
        for state in [JobState.retrying, .reused, .failed, .skipped, .cancelled] {
            if let count = counts[state], count > 0 { parts.append("\(count) \(state.rawValue)") }
        }
        if let started = summary.startedAt {
            parts.append(EventText.duration(.seconds(max(0, now.timeIntervalSince(started)))))
        }
        let build = summary.start.map { PrintableText.escaping($0.name) + " · " } ?? ""
        var lines = [style.bold(TerminalLine.truncating(build + parts.joined(separator: " · "), toColumns: usable))]

        let running = jobs.filter { $0.state == .running || $0.state == .retrying }
        // The block never scrolls the screen: taller than it, the cursor could not get back up.
        let rowsForJobs = max(1, min(15, size.rows - 2))
        let shown = running.count > rowsForJobs ? Array(running.prefix(rowsForJobs - 1)) : running
        let longestName = shown.map { TerminalLine.width($0.id) }.max() ?? 0
        let nameWidth = min(longestName, max(12, usable / 3))
        for job in shown {
            lines.append(row(job, nameWidth: nameWidth, usable: usable))
        }
        if shown.count < running.count {
            lines.append(style.dim(TerminalLine.truncating("  … \(running.count - shown.count) more running", toColumns: usable)))
        }
        return lines
    }

    private func row(_ job: JobSummary, nameWidth: Int, usable: Int) -> String {
        let name = TerminalLine.elidingMiddle(PrintableText.escaping(job.id), toColumns: nameWidth)
        let padded = name + String(repeating: " ", count: max(0, nameWidth - TerminalLine.width(name)))
        let started = job.attempts.last?.started ?? now
        var plain = "  ▸ " + padded + "  " + EventText.duration(.seconds(max(0, now.timeIntervalSince(started))))
        if job.attempts.count > 1 { plain += " (attempt \(job.attempts.count))" }
        if job.state == .retrying { plain += "  waiting to retry" }
        var bar = ""
        if let fraction = job.progress, job.state == .running {
            let clamped = min(max(fraction, 0), 1)
            let filled = Int((clamped * Double(Self.barWidth)).rounded())
            bar = "  " + String(repeating: "█", count: filled) + String(repeating: "░", count: Self.barWidth - filled)
                + " \(Int((clamped * 100).rounded()))%"
        }
        let detail = progressText[job.id].flatMap { $0.isEmpty ? nil : $0 } ?? lastLogLine[job.id] ?? ""
        let text = detail.isEmpty ? "" : "  " + PrintableText.escaping(detail)
        // Fit the parts left to right; the bar goes before the text does.
        let head = TerminalLine.truncating(plain, toColumns: usable)
        let room = usable - TerminalLine.width(head)
        let fittedBar = TerminalLine.width(bar) <= room ? bar : ""
        let fittedText = TerminalLine.truncating(text, toColumns: room - TerminalLine.width(fittedBar))
        return head + style.cyan(fittedBar) + style.dim(fittedText)
    }
}
