/// Something that happened in a run. The scheduler appends each one to the run's
/// journal (as a `JournalRecord`) and hands the same record to its caller for display.
public enum RunEvent: Sendable, Hashable {
    case runStarted(RunStart)
    /// The job entered the run; `needs` and `cacheKey` let a journal reader rebuild the
    /// graph (for the critical path) without the plan.
    case jobQueued(job: String, needs: [String], cacheKey: String)
    case jobStarted(job: String, attempt: Int, host: String, handle: String)
    case jobProgress(job: String, attempt: Int, fraction: Double, message: String)
    case jobMetric(job: String, attempt: Int, name: String, value: Double)
    /// The attempt succeeded and its outputs are in the store under `cacheKey`.
    case jobSucceeded(job: String, attempt: Int, cacheKey: String)
    /// The attempt ended without success. Failures that are not the process's own (its
    /// folders could not be prepared, its outputs were rejected by the store) are
    /// `.lost(reason:retryable: false)` with the reason.
    case jobFailed(job: String, attempt: Int, outcome: AttemptOutcome)
    /// Attempt `attempt` failed and attempt `attempt + 1` starts after `delay`.
    case jobRetried(job: String, attempt: Int, delay: Duration)
    /// The job's outputs were already in the store; it did not run.
    case jobReused(job: String, cacheKey: String)
    /// The job did not run because its need `need` did not succeed; `failedJob` is the
    /// failed job at the root of the chain (equal to `need` for a direct dependant).
    case jobSkipped(job: String, need: String, failedJob: String)
    /// The run was cancelled (or failed fast) before the job finished; `attempt` is the
    /// attempt that was stopped, nil if none had started.
    case jobCancelled(job: String, attempt: Int?)
    case runFinished(status: RunStatus)

    /// The job the event is about; nil for run events.
    public var job: String? {
        switch self {
        case .runStarted, .runFinished: nil
        case .jobQueued(let job, _, _), .jobStarted(let job, _, _, _),
            .jobProgress(let job, _, _, _), .jobMetric(let job, _, _, _),
            .jobSucceeded(let job, _, _), .jobFailed(let job, _, _),
            .jobRetried(let job, _, _), .jobReused(let job, _), .jobSkipped(let job, _, _),
            .jobCancelled(let job, _):
            job
        }
    }

    /// Whether the event changes a job's or the run's state, and so is fsynced before the
    /// run goes on. Progress and metric lines are not.
    public var isStateTransition: Bool {
        switch self {
        case .jobProgress, .jobMetric: false
        default: true
        }
    }
}

/// What the journal's first record says about the run.
public struct RunStart: Sendable, Hashable, Codable {
    public var runID: String
    /// The build's name in builds.yaml (`nightly`).
    public var buildName: String
    /// The digest of the configuration the plan was made from.
    public var configDigest: String
    public var pid: Int32
    public var host: String
    /// The candidate (`pr-41-1a2b3c4d`) whose stages the run builds with `buildName`'s
    /// graph, when it is a candidate's run: not a build of `buildName` itself.
    public var candidate: String?

    public init(runID: String, buildName: String, configDigest: String, pid: Int32, host: String, candidate: String? = nil) {
        self.runID = runID
        self.buildName = buildName
        self.configDigest = configDigest
        self.pid = pid
        self.host = host
        self.candidate = candidate
    }

    /// The build's name, or `candidate pr-41-1a2b3c4d on nightly` for a candidate's run.
    public var name: String { candidate == nil ? buildName : subject }

    /// What the run builds, in words: `build nightly`, or `candidate pr-41-1a2b3c4d on nightly`.
    public var subject: String {
        candidate.map { "candidate \($0) on \(buildName)" } ?? "build \(buildName)"
    }
}

/// How a run ended.
public enum RunStatus: String, Sendable, Hashable, Codable {
    /// Every job succeeded or was reused.
    case succeeded
    /// At least one job failed for good.
    case failed
    /// The caller cancelled the run.
    case cancelled
    /// The process running it died; a later build found it and closed its journal.
    case interrupted
}
