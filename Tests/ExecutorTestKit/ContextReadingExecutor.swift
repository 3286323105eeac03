import Foundation
import Runner
import StageProtocol
import Synchronization

/// An executor that reads each attempt's `context.json` from disk while the attempt runs
/// (as a stage would), keeps what it read by job id, then lets `wrapped` run the attempt.
/// What a stage saw stays known after the runner removes a succeeded attempt's context.
public final class ContextReadingExecutor: Executor {
    private let wrapped: any Executor
    private let read = Mutex<[String: StageContext]>([:])

    public init(_ wrapped: any Executor) {
        self.wrapped = wrapped
    }

    /// The context the latest attempt of `job` found in its file; nil if it had none.
    public func context(of job: String) -> StageContext? {
        read.withLock { $0[job] }
    }

    public func run(_ attempt: Attempt, report: @escaping @Sendable (AttemptEvent) -> Void) async -> AttemptOutcome {
        if let bytes = FileManager.default.contents(atPath: attempt.contextFile),
            let context = try? JSONDecoder().decode(StageContext.self, from: bytes)
        {
            read.withLock { $0[attempt.job.id] = context }
        }
        return await wrapped.run(attempt, report: report)
    }
}
