import Foundation
import Platform
import Runner

/// A build that fails before any stage can run (its taxonomy holds leaves modelbuild will
/// not read, a knowledge document cannot be fetched) is still a run: it is recorded with
/// one failed step, `taxonomy`, whose reason is the whole message and whose log holds it,
/// so `modelbuild status`, `runs`, `logs` and `--json` see the failure like any other.
enum PreparationFailureRun {
    /// The name of the one step such a run records.
    static let step = "taxonomy"

    /// Records the failed run in `state` and reports each record to `onEvent`; returns the
    /// run's id and summary.
    static func record(
        _ message: String, build: String, configDigest: String, state: StateDirectory,
        onEvent: @Sendable (JournalRecord) -> Void
    ) throws -> (runID: String, summary: RunSummary) {
        let (run, lock) = try state.beginRun()
        defer { lock.release() }
        try FileSystem.writeNewFile(Array((message + "\n").utf8), to: run.logFile(stage: step, attempt: 1))
        let journal = try Journal.open(path: run.journalFile)
        let now = Date()
        let events: [RunEvent] = [
            .runStarted(
                RunStart(
                    runID: run.id, buildName: build, configDigest: configDigest, pid: CurrentProcess.id,
                    host: CurrentProcess.hostName)),
            .jobQueued(job: step, needs: [], cacheKey: ""),
            .jobStarted(job: step, attempt: 1, host: CurrentProcess.hostName, handle: ""),
            .jobFailed(job: step, attempt: 1, outcome: .lost(reason: message, retryable: false)),
            .runFinished(status: .failed),
        ]
        let records = events.map { JournalRecord(time: now, event: $0) }
        try journal.append(records)
        try journal.sync()
        try journal.close()
        records.forEach(onEvent)
        return (run.id, RunSummary(records: records))
    }
}
