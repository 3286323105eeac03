import Foundation
import BuildConfiguration
import Platform
import Runner
import StageProtocol

/// How run events and outcomes read in a person's terminal.
enum EventText {
    static func clock(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = seconds % 86_400
        return twoDigits(day / 3600) + ":" + twoDigits(day % 3600 / 60) + ":" + twoDigits(day % 60)
    }

    /// `7` as `07`; cheaper than `String(format:)`, which a line per event pays for.
    private static func twoDigits(_ number: Int) -> String {
        number < 10 ? "0" + String(number) : String(number)
    }

    static func duration(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        if seconds < 10 { return String(format: "%.1fs", seconds) }
        if seconds < 60 { return String(format: "%.0fs", seconds) }
        return DurationText.format(.seconds(Int64(seconds.rounded())))
    }

    static func outcome(_ outcome: AttemptOutcome) -> String {
        switch outcome {
        case .succeeded: "succeeded"
        case .failed(let status) where status == StageExitStatus.notRetryable:
            "exit status \(status) (its input cannot work; not retried)"
        case .failed(let status): "exit status \(status)"
        case .signalled(let signal): "killed by signal \(signal)"
        case .timedOut: "timed out"
        case .cancelled: "cancelled"
        case .lost(let reason, _): reason
        }
    }

    /// One plain line for an event, or nil for events not worth a line.
    static func line(_ record: JournalRecord) -> String? {
        let text: String
        switch record.event {
        case .runStarted(let start):
            text = "run \(start.runID) of \(start.subject) started (pid \(start.pid) on \(start.host))"
        case .jobQueued:
            return nil
        case .jobStarted(let job, let attempt, let host, let handle):
            text = "started   \(job)" + (attempt > 1 ? " (attempt \(attempt))" : "") + " on \(host) [\(handle)]"
        case .jobProgress(let job, _, let fraction, let message):
            text = "progress  \(job) \(Int((fraction * 100).rounded()))% \(PrintableText.escaping(message))"
        case .jobMetric(let job, _, let name, let value):
            text = "metric    \(job) \(PrintableText.escaping(name))=\(value)"
        case .jobSucceeded(let job, let attempt, _):
            text = "done      \(job)" + (attempt > 1 ? " (attempt \(attempt))" : "")
        case .jobFailed(let job, let attempt, let outcome):
            text = "failed    \(job): \(self.outcome(outcome)) (attempt \(attempt))"
        case .jobRetried(let job, let attempt, let delay):
            text = "retrying  \(job) in \(duration(delay)) (attempt \(attempt))"
        case .jobReused(let job, _):
            text = "reused    \(job)"
        case .jobSkipped(let job, let need, let failedJob):
            text = "skipped   \(job): needs \(need)" + (need == failedJob ? ", which failed" : ", which needs \(failedJob), which failed")
        case .jobCancelled(let job, _):
            text = "cancelled \(job)"
        case .runFinished(let status):
            text = "run \(status.rawValue)"
        }
        return "\(clock(record.time)) \(text)"
    }
}
