import Foundation
import Runner
import Synchronization
import TestSupport

/// Collects the events an executor reports for one attempt, and lets a test wait for its
/// start.
public final class EventRecorder: Sendable {
    private let recorded = Mutex<[AttemptEvent]>([])
    private let stream: AsyncStream<AttemptEvent>
    private let continuation: AsyncStream<AttemptEvent>.Continuation

    public init() {
        (stream, continuation) = AsyncStream.makeStream()
    }

    /// Every event so far, in order.
    public var events: [AttemptEvent] { recorded.withLock { $0 } }

    /// What to hand the executor as `report`.
    public var report: @Sendable (AttemptEvent) -> Void {
        { event in
            self.recorded.withLock { $0.append(event) }
            self.continuation.yield(event)
        }
    }

    /// The handle (a process group id, a Slurm job id) of the `.started` event, if any yet.
    public var startedHandle: String? {
        for case .started(_, let handle) in events { return handle }
        return nil
    }

    /// The pid from the `.started` event of a local attempt, once it has started; nil if
    /// the attempt ended without starting. Call it from one task only.
    public func startedProcess() async -> pid_t? {
        for await event in stream {
            if case .started(_, let handle) = event { return pid_t(handle) }
        }
        return nil
    }

    /// Waits until the attempt reported its start, up to `limit`; its handle, or nil. The
    /// limit is a hang guard: with the whole suite running on two cores, blocking fixture
    /// commands have held every thread of the pool for over a minute.
    public func waitForStart(limit: Duration = .seconds(300)) async throws -> String? {
        _ = try await eventually(timeout: limit) { startedHandle != nil }
        return startedHandle
    }
}
