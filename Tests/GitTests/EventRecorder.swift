import Git
import Synchronization

/// Collects the events a mirror synchronisation reports (from whichever thread).
final class EventRecorder: Sendable {
    private let events = Mutex<[MirrorEvent]>([])

    func record(_ event: MirrorEvent) {
        events.withLock { $0.append(event) }
    }

    var transfers: [TransferProgress] {
        events.withLock { events in
            events.compactMap { if case .transfer(let progress) = $0 { progress } else { nil } }
        }
    }

    var retries: [(attempt: Int, of: Int)] {
        events.withLock { events in
            events.compactMap {
                if case .retrying(let attempt, let total, _, _) = $0 { (attempt, total) } else { nil }
            }
        }
    }
}
