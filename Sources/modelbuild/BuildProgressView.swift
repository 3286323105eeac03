import Foundation
import Platform
import Runner
import Synchronization

/// Shows a build as it runs: a live view on a terminal (redrawn in place, at most ten
/// times a second, without flicker), one plain line per event otherwise, or JSON lines
/// for programs. Safe to call from any thread.
final class BuildProgressView: Sendable {
    enum Style: Sendable { case live, plain, json }

    private struct State {
        var summary = RunSummary()
        var drawnLines = 0
        var lastDraw = Date.distantPast
    }

    let style: Style
    private let state = Mutex(State())
    private static let maximumLiveRows = 15

    init(style: Style) {
        self.style = style
    }

    /// Takes one journal record.
    func show(_ record: JournalRecord) {
        state.withLock { state in
            // Only the live view draws from its own summary.
            if style == .live { state.summary.apply(record) }
            switch style {
            case .json:
                write(String(decoding: record.json, as: UTF8.self) + "\n")
            case .plain:
                if case .jobProgress = record.event { return }
                if let line = EventText.line(record) { write(line + "\n") }
            case .live:
                var text = ""
                switch record.event {
                case .jobFailed, .jobRetried, .jobSkipped, .runStarted:
                    text += clear(&state) + (EventText.line(record) ?? "") + "\n"
                default:
                    break
                }
                let now = Date()
                if !text.isEmpty || now.timeIntervalSince(state.lastDraw) >= 0.1 || isFinal(record) {
                    if text.isEmpty { text = clear(&state) }
                    text += frame(&state, now: now)
                    state.lastDraw = now
                }
                if !text.isEmpty { write(text) }
            }
        }
    }

    /// A line of information outside any run ("no new merged commits since …"); with
    /// JSON events it goes to standard error, so standard output stays the event stream.
    func note(_ text: String) {
        if style == .json {
            StandardStream.error.write(text + "\n")
        } else {
            write(text + "\n")
        }
    }

    /// The summary at the end: what ran, was reused, failed; the critical path; wall time.
    /// Nothing in JSON: the stream ends with `run.finished`, which programs wait for, and
    /// its records already say everything the summary does.
    func finish(summary: RunSummary, runID: String) {
        guard style != .json else { return }
        let text: String = state.withLock { state in
            (style == .live ? clear(&state) : "") + BuildSummaryText.render(summary, runID: runID)
        }
        write(text)
    }

    private func isFinal(_ record: JournalRecord) -> Bool {
        if case .runFinished = record.event { return true }
        return false
    }

    /// Moves the cursor up over the live block and clears it.
    private func clear(_ state: inout State) -> String {
        guard state.drawnLines > 0 else { return "" }
        let text = "\u{1B}[\(state.drawnLines)A" + String(repeating: "\u{1B}[2K\n", count: state.drawnLines)
            + "\u{1B}[\(state.drawnLines)A"
        state.drawnLines = 0
        return text
    }

    /// The live block: a count line, then the running stages with elapsed time and progress.
    private func frame(_ state: inout State, now: Date) -> String {
        let jobs = state.summary.jobs
        var counts: [JobState: Int] = [:]
        for job in jobs { counts[job.state, default: 0] += 1 }
        let done = (counts[.succeeded] ?? 0) + (counts[.reused] ?? 0)
        var lines = [
            "\(done)/\(jobs.count) done · \(counts[.running] ?? 0) running · \(counts[.reused] ?? 0) reused · "
                + "\(counts[.failed] ?? 0) failed · \(counts[.skipped] ?? 0) skipped"
        ]
        let running = jobs.filter { $0.state == .running || $0.state == .retrying }
        for job in running.prefix(Self.maximumLiveRows) {
            let started = job.attempts.last?.started ?? now
            let elapsed = EventText.duration(.seconds(now.timeIntervalSince(started)))
            let retry = job.attempts.count > 1 ? " attempt \(job.attempts.count)" : ""
            let state = job.state == .retrying ? " waiting to retry" : ""
            lines.append("  ▸ \(job.id)  \(elapsed)\(retry)\(state)  \(bar(job.progress))")
        }
        if running.count > Self.maximumLiveRows {
            lines.append("  … \(running.count - Self.maximumLiveRows) more running")
        }
        state.drawnLines = lines.count
        return lines.map { $0 + "\n" }.joined()
    }

    private func bar(_ fraction: Double?) -> String {
        guard let fraction else { return "" }
        let width = 20, filled = Int((fraction * Double(width)).rounded())
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            + "] \(Int((fraction * 100).rounded()))%"
    }

    private func write(_ text: String) {
        StandardStream.output.write(text)
    }
}
