import Foundation
import Platform
import Runner
import Synchronization
import UseCases

/// Shows a build as it runs: a live view on a terminal, one plain line per event
/// otherwise, or JSON lines for programs. Safe to call from any thread.
///
/// The live view keeps a line per finished stage (`✓ train  5.0s`, a failure with its
/// last log lines) above a block it redraws in place from the whole job list, on every
/// event (at most ten times a second) and on a timer (`tick()`), so the elapsed time of
/// a stage that prints nothing still moves. Every line fits the terminal's current width.
final class BuildProgressView: Sendable {
    enum Style: Sendable { case live, plain, json }

    private struct State {
        var summary = RunSummary()
        var runID: String?
        var progressText: [String: String] = [:]
        /// The widths of the block's lines as drawn, to count the rows to clear after a resize.
        var drawnWidths: [Int] = []
        var lastDraw = Date.distantPast
        var isFinished = false
        /// JSON: `run.finished`, held back until the build says whether it published, so
        /// the stream still ends with it.
        var heldFinish: JournalRecord?
    }

    let style: Style
    private let textStyle: TextStyle
    /// The log file of a stage's attempt in a run: `(runID, stage, attempt)`.
    private let logFile: @Sendable (String, String, Int) -> String
    private let terminalSize: @Sendable () -> TerminalSize
    private let state = Mutex(State())

    /// - Parameters:
    ///   - coloured: whether the live view may colour its lines.
    ///   - logFile: where a stage attempt's log is, for a failure's last lines.
    ///   - terminalSize: read before every redraw, so a resized window is followed.
    init(
        style: Style, coloured: Bool = false,
        logFile: @escaping @Sendable (String, String, Int) -> String = { _, _, _ in "" },
        terminalSize: @escaping @Sendable () -> TerminalSize = { TerminalSize(columns: 80, rows: 24) }
    ) {
        self.style = style
        self.textStyle = TextStyle(isColoured: coloured && style == .live)
        self.logFile = logFile
        self.terminalSize = terminalSize
    }

    /// Takes one journal record.
    func show(_ record: JournalRecord) {
        state.withLock { state in
            state.summary.apply(record)
            if case .runStarted(let start) = record.event { state.runID = start.runID }
            switch style {
            case .json:
                if case .runFinished = record.event {
                    state.heldFinish = record
                    return
                }
                write(String(decoding: jsonWithLogTail(record, state), as: UTF8.self) + "\n")
            case .plain:
                if case .jobProgress = record.event { return }
                guard let line = EventText.line(record) else { return }
                var text = line + "\n"
                if case .jobFailed(let job, let attempt, _) = record.event {
                    let tail = logTail(job: job, attempt: attempt, state)
                    text += FinishedStageText.tailLines(tail, usable: Int.max / 2, style: textStyle)
                        .map { $0 + "\n" }.joined()
                }
                write(text)
            case .live:
                if case .jobProgress(let job, _, _, let message) = record.event { state.progressText[job] = message }
                let size = terminalSize()
                var text = ""
                let lasting = lastingLines(for: record, state, columns: size.columns)
                if !lasting.isEmpty { text += clear(&state, columns: size.columns) + lasting.map { $0 + "\n" }.joined() }
                let now = Date()
                if !text.isEmpty || now.timeIntervalSince(state.lastDraw) >= 0.1 || isFinal(record) {
                    if text.isEmpty { text = clear(&state, columns: size.columns) }
                    text += frame(&state, now: now, size: size)
                }
                if !text.isEmpty { write(text) }
            }
        }
    }

    /// Redraws the live block (the timer's and SIGWINCH's call); nothing in other styles.
    func tick() {
        guard style == .live else { return }
        state.withLock { state in
            guard !state.isFinished, state.runID != nil else { return }
            let size = terminalSize()
            write(clear(&state, columns: size.columns) + frame(&state, now: Date(), size: size))
        }
    }

    /// A line of information outside any run ("no new merged commits since …"); with
    /// JSON events it goes to standard error, so standard output stays the event stream.
    func note(_ text: String) {
        if style == .json {
            StandardStream.error.write(text + "\n")
        } else if style == .live {
            state.withLock { state in write(clear(&state, columns: terminalSize().columns) + text + "\n") }
        } else {
            write(text + "\n")
        }
    }

    /// Says what a cancelled build waits for: the running stages, sent SIGTERM, and how
    /// long their grace periods let them take before SIGKILL.
    func stopping(gracePeriod: (String) -> Duration) {
        // A stage whose start is still on its way to the view counts too: it gets SIGTERM.
        let running = state.withLock { state in
            let started = state.summary.jobs.filter { $0.state == .running }.map(\.id)
            return started.isEmpty ? state.summary.jobs.filter { !$0.state.isFinal }.map(\.id) : started
        }
        guard let longest = running.map(gracePeriod).max() else {
            notice("stopping…")
            return
        }
        let names = running.prefix(5).map { TerminalLine.elidingMiddle(PrintableText.escaping($0), toColumns: 30) }
            .joined(separator: ", ")
            + (running.count > 5 ? " and \(running.count - 5) more" : "")
        notice(
            "stopping: waiting up to \(EventText.duration(longest)) for \(names) to exit "
                + "(SIGTERM sent; SIGKILL after the grace period); press Ctrl-C again to kill now")
    }

    /// Kills the running stages' process groups at once (a second Ctrl-C). On Slurm the
    /// handles are job ids, not process groups: those are left to the executor's scancel.
    func killRunningStages(local: Bool) {
        guard local else {
            notice("killing: the Slurm jobs are cancelled by scancel as soon as the executor polls")
            return
        }
        let groups = state.withLock { state in
            state.summary.jobs.filter { $0.state == .running }.compactMap { $0.attempts.last?.handle.flatMap { Int32($0) } }
        }
        notice("killing \(groups.count) running stage\(groups.count == 1 ? "" : "s") now (SIGKILL)")
        for group in groups { ProcessGroupKill.kill(group: group) }
    }

    /// A line about the build as a whole; on standard error, so it reaches a person even
    /// when standard output is a JSON stream or a file.
    private func notice(_ text: String) {
        state.withLock { state in
            if style == .live {
                write(clear(&state, columns: terminalSize().columns) + textStyle.yellow(text) + "\n")
            } else {
                StandardStream.error.write(text + "\n")
            }
        }
    }

    /// The summary at the end: what ran, was reused, failed; the critical path; wall time.
    /// Nothing in JSON: the stream ends with `run.finished`, which programs wait for, and
    /// its records already say everything the summary does.
    ///
    /// In JSON the held `run.finished` goes out last, with the summary under `summary`,
    /// after a `publish` event when the build published.
    func finish(summary: RunSummary, runID: String, published: [String: Any]? = nil) {
        guard style != .json else {
            state.withLock { state in
                if let published {
                    var event: [String: Any] = ["event": "publish", "time": JSONOutput.time(Date())]
                    event.merge(published) { _, new in new }
                    write(Self.jsonLine(event))
                }
                if let held = state.heldFinish {
                    state.heldFinish = nil
                    write(String(decoding: Self.splicing(["summary": JSONOutput.summary(summary)], into: held.json), as: UTF8.self) + "\n")
                }
            }
            return
        }
        let text: String = state.withLock { state in
            state.isFinished = true
            return (style == .live ? clear(&state, columns: terminalSize().columns) : "")
                + BuildSummaryText.render(summary, runID: runID)
        }
        write(text)
    }

    /// Writes a held `run.finished` as it was: the build ended without an outcome (a
    /// failure to publish), and programs still wait for the record.
    func flushHeldRecords() {
        state.withLock { state in
            guard let held = state.heldFinish else { return }
            state.heldFinish = nil
            write(String(decoding: held.json, as: UTF8.self) + "\n")
        }
    }

    private static func jsonLine(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// `json` (one object) with `fields` added at its end, its own keys kept in their order.
    private static func splicing(_ fields: [String: Any], into json: [UInt8]) -> [UInt8] {
        guard json.last == UInt8(ascii: "}"),
            let extra = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]),
            extra.count > 2
        else { return json }
        return Array(json.dropLast()) + Array(",".utf8) + Array(extra.dropFirst())
    }

    private func isFinal(_ record: JournalRecord) -> Bool {
        if case .runFinished = record.event { return true }
        return false
    }

    /// The lines a record leaves above the live block: a finished stage, a note.
    private func lastingLines(for record: JournalRecord, _ state: State, columns: Int) -> [String] {
        switch record.event {
        case .runStarted:
            return [TerminalLine.truncating(EventText.line(record) ?? "", toColumns: max(columns - 1, 8))]
        case .jobFailed(let job, let attempt, _):
            return FinishedStageText.lines(
                for: record, summary: state.summary, logTail: logTail(job: job, attempt: attempt, state),
                columns: columns, style: textStyle)
        default:
            return FinishedStageText.lines(for: record, summary: state.summary, logTail: [], columns: columns, style: textStyle)
        }
    }

    private func logTail(job: String, attempt: Int, _ state: State) -> [String] {
        guard let runID = state.runID else { return [] }
        return StageLogText.tail(ofFile: logFile(runID, job, attempt))
    }

    /// A `job.failed` record with the stage's last log lines added as `logTail`.
    private func jsonWithLogTail(_ record: JournalRecord, _ state: State) -> [UInt8] {
        guard case .jobFailed(let job, let attempt, _) = record.event else { return record.json }
        return Self.splicing(["logTail": logTail(job: job, attempt: attempt, state)], into: record.json)
    }

    /// Moves the cursor up over the live block and clears from there to the end of the
    /// screen. The rows are counted at the current width: a terminal that reflowed a line
    /// after a resize shows it on more rows.
    private func clear(_ state: inout State, columns: Int) -> String {
        guard !state.drawnWidths.isEmpty else { return "" }
        let width = max(columns, 1)
        let rows = state.drawnWidths.reduce(0) { $0 + max(1, ($1 + width - 1) / width) }
        state.drawnWidths = []
        return "\r\u{1B}[\(rows)A\u{1B}[J"
    }

    /// The live block, drawn from the whole job list.
    private func frame(_ state: inout State, now: Date, size: TerminalSize) -> String {
        var lastLogLine: [String: String] = [:]
        if let runID = state.runID {
            for job in state.summary.jobs where job.state == .running && (state.progressText[job.id] ?? "").isEmpty {
                guard let attempt = job.attempts.last?.number else { continue }
                if let line = StageLogText.tail(ofFile: logFile(runID, job.id, attempt), limit: 1, window: 4096).last {
                    lastLogLine[job.id] = line
                }
            }
        }
        let frame = LiveFrame(
            summary: state.summary, progressText: state.progressText, lastLogLine: lastLogLine, now: now, size: size,
            style: textStyle)
        let lines = frame.lines()
        state.drawnWidths = lines.map { TerminalLine.width(Self.withoutEscapes($0)) }
        state.lastDraw = now
        return lines.map { $0 + "\n" }.joined()
    }

    /// `line` without its SGR sequences, to measure it.
    private static func withoutEscapes(_ line: String) -> String {
        guard line.contains("\u{1B}") else { return line }
        var result = String.UnicodeScalarView()
        var inEscape = false
        for scalar in line.unicodeScalars {
            if inEscape {
                if scalar == "m" { inEscape = false }
            } else if scalar == "\u{1B}" {
                inEscape = true
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    private func write(_ text: String) {
        StandardStream.output.write(text)
    }
}
