import Foundation
import Platform
import Synchronization

/// The single place a run's events go: stamped with the time, appended to the journal,
/// folded into the run's summary and handed to the caller's observer, all under one lock
/// so the three see the same order. Scheduler steps record their events in batches that
/// share one fsync; an attempt's own events (started, progress, metric) are recorded as
/// they arrive from the executor.
final class RunRecorder: Sendable {
    private struct State {
        var summary = RunSummary()
        /// The first journal write that failed; the run stops when it sees one.
        var failure: String?
    }

    let journal: Journal
    private let observer: @Sendable (JournalRecord) -> Void
    private let state = Mutex(State())

    init(journal: Journal, observer: @escaping @Sendable (JournalRecord) -> Void) {
        self.journal = journal
        self.observer = observer
    }

    func record(_ event: RunEvent) {
        record([event])
    }

    func record(_ events: [RunEvent]) {
        guard !events.isEmpty else { return }
        // Whole microseconds, as the journal writes them, so the summary built here equals
        // one built from the file.
        let now = UTCTimestamp.truncated(Date())
        let records = events.map { JournalRecord(time: now, event: $0) }
        state.withLock { state in
            do {
                try journal.append(records)
            } catch {
                if state.failure == nil { state.failure = String(describing: error) }
            }
            for record in records {
                state.summary.apply(record)
                observer(record)
            }
        }
    }

    var summary: RunSummary { state.withLock { $0.summary } }

    /// Why the journal could not be written, if it could not.
    var failure: String? { state.withLock { $0.failure } }
}
