import Foundation
import Runner
import StageProtocol
import Store
import Synchronization
import Testing
import TestSupport

/// A job for scheduler tests; the cache key is the id's bytes in hex, so it is unique and
/// a valid file name whatever the id holds.
func makeJob(
    _ id: String, needs: [String] = [], resources: [String: Int] = [:], retry: RetryPolicy = .none,
    cacheKey: String? = nil
) -> Job {
    Job(
        id: id, needs: needs, command: ["true"], resources: resources, retry: retry,
        cacheKey: cacheKey ?? id.utf8.map { String(format: "%02x", $0) }.joined(),
        context: StageContext(
            runID: "", stage: id, attempt: 0,
            build: .init(name: "nightly", kind: "nightly", version: "nightly-2026-11-27", model: "lab-model"),
            params: ["seed": .integer(42)], output: ""))
}

/// Records the scheduler hands its observer, in order.
final class RecordedEvents: Sendable {
    private let records = Mutex<[JournalRecord]>([])

    var all: [JournalRecord] { records.withLock { $0 } }

    var observer: @Sendable (JournalRecord) -> Void {
        { record in self.records.withLock { $0.append(record) } }
    }
}

/// A state folder in a temporary directory, and runs of the scheduler in it.
struct SchedulerFixture {
    let state: StateDirectory
    let store: OutputStore

    init(root: URL) throws {
        state = StateDirectory(path: root.path + "/.modelbuild")
        store = try state.openStore()
    }

    struct Outcome {
        var summary: RunSummary
        var events: [JournalRecord]
        var run: RunDirectory
        /// The journal as read back from disk.
        var journal: [JournalRecord]
    }

    func run(
        _ jobs: [Job], executor: any Executor = DryRunExecutor(), options: Scheduler.Options = .init(workers: 4)
    ) async throws -> Outcome {
        let (run, lock) = try state.beginRun()
        defer { lock.release() }
        let events = RecordedEvents()
        let scheduler = Scheduler(executor: executor, store: store, options: options)
        let summary = try await scheduler.run(
            jobs, in: run, buildName: "nightly", configDigest: "digest", onEvent: events.observer)
        let journal = try Journal.read(path: run.journalFile).records
        // Whatever happened, every job ends exactly once.
        var ends: [String: Int] = [:]
        for record in journal {
            switch record.event {
            case .jobSucceeded(let job, _, _), .jobReused(let job, _), .jobSkipped(let job, _, _):
                ends[job, default: 0] += 1
            case .jobCancelled(let job, _):
                ends[job, default: 0] += 1
            default: break
            }
        }
        for job in summary.jobs where job.state == .failed { ends[job.id, default: 0] += 1 }
        #expect(ends == Dictionary(uniqueKeysWithValues: jobs.map { ($0.id, 1) }), "a job ended more or less than once")
        return Outcome(summary: summary, events: events.all, run: run, journal: journal)
    }
}

extension Array where Element == JournalRecord {
    /// Position of the first record matching `predicate`.
    func position(_ predicate: (RunEvent) -> Bool) -> Int? {
        firstIndex { predicate($0.event) }
    }

    func startedPosition(_ job: String, attempt: Int = 1) -> Int? {
        position {
            if case .jobStarted(job, attempt, _, _) = $0 { return true }
            return false
        }
    }

    func succeededPosition(_ job: String) -> Int? {
        position {
            if case .jobSucceeded(job, _, _) = $0 { return true }
            return false
        }
    }

    /// The most attempts running at once (started, not yet ended), counted over jobs
    /// matching `filter`.
    func maximumConcurrency(where filter: (String) -> Bool = { _ in true }) -> Int {
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

    var startedJobs: [String] {
        compactMap {
            if case .jobStarted(let job, _, _, _) = $0.event { return job }
            return nil
        }
    }
}

