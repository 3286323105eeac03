import Foundation
import Platform
import Runner

/// `--json` output: one JSON document per command, keys sorted, on standard output, in
/// the shapes docs/json.md documents. Times are ISO 8601 UTC, durations seconds.
enum JSONOutput {
    /// Writes `object` as one line of JSON.
    static func write(_ object: [String: Any]) {
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        StandardStream.output.write(String(decoding: data, as: UTF8.self) + "\n")
    }

    /// An instant as `2026-11-27T02:00:10Z`, or null.
    static func time(_ date: Date?) -> Any {
        date.map { ISO8601DateFormatter().string(from: $0) } ?? NSNull()
    }

    /// A duration in seconds (milliseconds kept), or null.
    static func seconds(_ duration: Duration?) -> Any {
        guard let duration else { return NSNull() }
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return (seconds * 1000).rounded() / 1000
    }

    /// A run's summary: its counts, wall time and critical path (`run.finished`'s
    /// `summary`, `status --json`).
    static func summary(_ summary: RunSummary) -> [String: Any] {
        var counts: [String: Int] = [:]
        for state in [JobState.succeeded, .reused, .failed, .skipped, .cancelled] { counts[state.rawValue] = 0 }
        for job in summary.jobs { counts[job.state.rawValue, default: 0] += 1 }
        return [
            "stages": summary.jobs.count, "counts": counts, "wallSeconds": seconds(summary.wallTime),
            "criticalPath": summary.criticalPath.jobs, "criticalPathSeconds": seconds(summary.criticalPath.duration),
            "failed": summary.jobs.filter { $0.state == .failed }.map(\.id),
        ]
    }

    /// One job of a run, as `status --json` lists it.
    static func job(_ job: JobSummary) -> [String: Any] {
        var object: [String: Any] = [
            "id": job.id, "state": job.state.rawValue, "attempts": job.attempts.count,
            "seconds": job.attempts.isEmpty ? NSNull() : seconds(job.duration), "metrics": job.metrics,
            "cacheKey": job.cacheKey,
        ]
        if let skipped = job.skippedBecause {
            object["skippedBecause"] = ["need": skipped.need, "failedJob": skipped.failedJob]
        }
        if let outcome = job.attempts.last?.outcome, job.state == .failed {
            object["outcome"] = EventText.outcome(outcome)
        }
        return object
    }
}
