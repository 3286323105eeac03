import Foundation

/// What a run did, derived from its journal records alone: per job its state, attempts,
/// durations and whether it was reused; the run's status, wall time and critical path.
/// The scheduler returns one built from the records it wrote; `RunSummary(journal:)` builds
/// the same from a journal file, even one whose process died.
public struct RunSummary: Sendable, Hashable {
    /// The run's first record, if the journal has it.
    public var start: RunStart?
    /// When `run.started` was recorded.
    public var startedAt: Date?
    /// When `run.finished` was recorded.
    public var finishedAt: Date?
    /// Nil while the journal has no `run.finished` record.
    public var status: RunStatus?
    /// Jobs in the order they were queued.
    public private(set) var jobs: [JobSummary] = []
    private var jobIndex: [String: Int] = [:]
    /// The time of the last record seen.
    public private(set) var lastRecordAt: Date?

    public init() {}

    /// Applies `records` in order to an empty summary.
    public init(records: some Sequence<JournalRecord>) {
        for record in records { apply(record) }
    }

    /// Reads the journal at `path` (tolerating a torn last line) and summarises it.
    public init(journal path: String) throws(JournalError) {
        self.init(records: try Journal.read(path: path).records)
    }

    /// The job called `id`, if it was queued.
    public subscript(job id: String) -> JobSummary? {
        jobIndex[id].map { jobs[$0] }
    }

    /// From the run's start to its end (or to its last record, if it never finished).
    public var wallTime: Duration? {
        guard let startedAt, let end = finishedAt ?? lastRecordAt else { return nil }
        return .seconds(end.timeIntervalSince(startedAt))
    }

    /// Folds one more record into the summary.
    public mutating func apply(_ record: JournalRecord) {
        lastRecordAt = record.time
        switch record.event {
        case .runStarted(let start):
            self.start = start
            startedAt = record.time
        case .runFinished(let status):
            self.status = status
            finishedAt = record.time
        case .jobQueued(let job, let needs, let cacheKey):
            if jobIndex[job] == nil {
                jobIndex[job] = jobs.count
                jobs.append(JobSummary(id: job, needs: needs, cacheKey: cacheKey))
            }
        default:
            guard let job = record.event.job else { return }
            if jobIndex[job] == nil {
                jobIndex[job] = jobs.count
                jobs.append(JobSummary(id: job, needs: [], cacheKey: ""))
            }
            jobs[jobIndex[job]!].apply(record)
        }
    }
}

/// Where a job stands.
public enum JobState: String, Sendable, Hashable, Codable {
    /// Waiting for its needs, a worker or resources.
    case queued
    case running
    /// An attempt failed; the next one waits for its backoff.
    case retrying
    case succeeded
    case failed
    /// Its outputs came from the store; it did not run.
    case reused
    /// A need did not succeed.
    case skipped
    case cancelled

    /// Whether the job will not change state again in this run.
    public var isFinal: Bool {
        switch self {
        case .queued, .running, .retrying: false
        case .succeeded, .failed, .reused, .skipped, .cancelled: true
        }
    }
}

/// One job in a `RunSummary`.
public struct JobSummary: Sendable, Hashable {
    public var id: String
    public var needs: [String]
    public var cacheKey: String
    public var state: JobState = .queued
    public var attempts: [AttemptSummary] = []
    /// For a skipped job: the need that did not succeed, and the failed job behind it.
    public var skippedBecause: SkipReason?
    /// The last `::progress` the job reported.
    public var progress: Double?
    /// `::metric` lines the job reported, last value wins.
    public var metrics: [String: Double] = [:]

    public init(id: String, needs: [String], cacheKey: String) {
        self.id = id
        self.needs = needs
        self.cacheKey = cacheKey
    }

    /// Whether the job's outputs came from the store.
    public var wasReused: Bool { state == .reused }

    /// From the first attempt's start to the last attempt's end, backoff included; zero
    /// for a job that never ran.
    public var duration: Duration {
        guard let first = attempts.first?.started ?? attempts.first?.ended,
            let last = attempts.last?.ended
        else { return .zero }
        return .seconds(max(0, last.timeIntervalSince(first)))
    }

    mutating func apply(_ record: JournalRecord) {
        switch record.event {
        case .jobStarted(_, let number, let host, let handle):
            attempt(number, at: record.time) { $0.host = host; $0.handle = handle; $0.started = record.time }
            state = .running
        case .jobProgress(_, _, let fraction, _):
            progress = fraction
        case .jobMetric(_, _, let name, let value):
            metrics[name] = value
        case .jobSucceeded(_, let number, _):
            attempt(number, at: record.time) { $0.ended = record.time; $0.outcome = .succeeded }
            state = .succeeded
        case .jobFailed(_, let number, let outcome):
            attempt(number, at: record.time) { $0.ended = record.time; $0.outcome = outcome }
            state = .failed
        case .jobRetried:
            state = .retrying
        case .jobReused:
            state = .reused
        case .jobSkipped(_, let need, let failedJob):
            skippedBecause = SkipReason(need: need, failedJob: failedJob)
            state = .skipped
        case .jobCancelled(_, let number):
            if let number {
                attempt(number, at: record.time) {
                    if $0.ended == nil { $0.ended = record.time }
                    if $0.outcome == nil { $0.outcome = .cancelled }
                }
            }
            state = .cancelled
        case .runStarted, .runFinished, .jobQueued:
            break
        }
    }

    private mutating func attempt(_ number: Int, at time: Date, _ change: (inout AttemptSummary) -> Void) {
        if let index = attempts.lastIndex(where: { $0.number == number }) {
            change(&attempts[index])
        } else {
            var attempt = AttemptSummary(number: number)
            change(&attempt)
            attempts.append(attempt)
        }
    }
}

/// Why a job was skipped.
public struct SkipReason: Sendable, Hashable {
    /// The job's need that did not succeed.
    public var need: String
    /// The failed job at the root of the chain (the need itself for a direct dependant).
    public var failedJob: String

    public init(need: String, failedJob: String) {
        self.need = need
        self.failedJob = failedJob
    }
}

/// One attempt in a `JobSummary`.
public struct AttemptSummary: Sendable, Hashable {
    public var number: Int
    public var host: String?
    /// The pid or Slurm job id.
    public var handle: String?
    public var started: Date?
    public var ended: Date?
    /// Nil while it runs.
    public var outcome: AttemptOutcome?

    public init(number: Int) {
        self.number = number
    }

    /// From start to end; nil while running or if the start was never reported.
    public var duration: Duration? {
        guard let started, let ended else { return nil }
        return .seconds(ended.timeIntervalSince(started))
    }
}
