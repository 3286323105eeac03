import Foundation
import Runner
import Store
import Synchronization

/// Records the scheduler hands its observer, in order.
public final class RecordedEvents: Sendable {
    private let records = Mutex<[JournalRecord]>([])

    public init() {}

    /// Every record so far.
    public var all: [JournalRecord] { records.withLock { $0 } }

    /// The handles (pids, Slurm job ids) of the attempts started so far.
    public var startedHandles: [String] {
        all.compactMap {
            if case .jobStarted(_, _, _, let handle) = $0.event { return handle }
            return nil
        }
    }

    /// What to hand the scheduler as `onEvent`.
    public var observer: @Sendable (JournalRecord) -> Void {
        { record in self.records.withLock { $0.append(record) } }
    }
}

/// A state folder and runs of the scheduler in it, with any executor.
public struct SchedulerFixture {
    public let state: StateDirectory
    public let store: OutputStore

    /// The state folder `root/.modelbuild`.
    public init(root: URL) throws {
        try self.init(state: StateDirectory(path: root.path + "/.modelbuild"))
    }

    public init(state: StateDirectory) throws {
        self.state = state
        store = try state.openStore()
    }

    /// What one run did.
    public struct Outcome: Sendable {
        public var summary: RunSummary
        /// The records the scheduler handed its observer.
        public var events: [JournalRecord]
        public var run: RunDirectory
        /// The journal as read back from disk.
        public var journal: [JournalRecord]
    }

    /// A job that ended more or less than once in a run: a scheduler bug, whatever the test.
    public struct UnbalancedEnds: Error, CustomStringConvertible {
        public var ends: [String: Int]
        public var description: String { "every job must end exactly once; ends per job: \(ends)" }
    }

    /// Runs `jobs` in a new run of build `nightly`, retry backoffs waiting on `clock`, the
    /// records also handed to `events`; throws `UnbalancedEnds` when a job did not end
    /// exactly once.
    public func run(
        _ jobs: [Job], executor: any Executor = DryRunExecutor(), options: Scheduler.Options = .init(workers: 4),
        clock: any Clock<Duration> = ContinuousClock(), events: RecordedEvents = RecordedEvents()
    ) async throws -> Outcome {
        let (run, lock) = try state.beginRun()
        defer { lock.release() }
        let scheduler = Scheduler(executor: executor, store: store, options: options, clock: clock)
        let summary = try await scheduler.run(
            jobs, in: run, buildName: "nightly", configDigest: "digest", onEvent: events.observer)
        let journal = try Journal.read(path: run.journalFile).records
        var ends: [String: Int] = [:]
        for record in journal {
            switch record.event {
            case .jobSucceeded(let job, _, _), .jobReused(let job, _), .jobSkipped(let job, _, _),
                .jobCancelled(let job, _):
                ends[job, default: 0] += 1
            default: break
            }
        }
        for job in summary.jobs where job.state == .failed { ends[job.id, default: 0] += 1 }
        guard ends == Dictionary(uniqueKeysWithValues: jobs.map { ($0.id, 1) }) else { throw UnbalancedEnds(ends: ends) }
        return Outcome(summary: summary, events: events.all, run: run, journal: journal)
    }
}

extension Array where Element == JournalRecord {
    /// Position of the first record matching `predicate`.
    public func position(_ predicate: (RunEvent) -> Bool) -> Int? {
        firstIndex { predicate($0.event) }
    }

    /// Position of the record of `job`'s attempt `attempt` starting.
    public func startedPosition(_ job: String, attempt: Int = 1) -> Int? {
        position {
            if case .jobStarted(job, attempt, _, _) = $0 { return true }
            return false
        }
    }

    /// Position of the record of `job` succeeding.
    public func succeededPosition(_ job: String) -> Int? {
        position {
            if case .jobSucceeded(job, _, _) = $0 { return true }
            return false
        }
    }

    /// The most attempts running at once (started, not yet ended), counted over jobs
    /// matching `filter`.
    public func maximumConcurrency(where filter: (String) -> Bool = { _ in true }) -> Int {
        var running = 0
        var maximum = 0
        for record in self {
            switch record.event {
            case .jobStarted(let job, _, _, _) where filter(job):
                running += 1
                maximum = Swift.max(maximum, running)
            case .jobSucceeded(let job, _, _) where filter(job), .jobFailed(let job, _, _) where filter(job):
                running -= 1
            case .jobCancelled(let job, let attempt) where filter(job) && attempt != nil:
                running -= 1
            default:
                break
            }
        }
        return maximum
    }

    /// The jobs whose attempts started, in order, once per attempt.
    public var startedJobs: [String] {
        compactMap {
            if case .jobStarted(let job, _, _, _) = $0.event { return job }
            return nil
        }
    }
}
