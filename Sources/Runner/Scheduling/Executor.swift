import StageProtocol

/// Runs one attempt of a job somewhere: a local process group, or a Slurm job. The
/// scheduler knows nothing else about where work happens, so every executor gets the
/// same graph, cache, journal and retries.
public protocol Executor: Sendable {
    /// Runs `attempt` to its end and reports how it ended. Enforces `attempt.job.timeout`.
    /// Cancelling the calling task stops the attempt (SIGTERM to its whole process group,
    /// a grace period, SIGKILL, a final SIGKILL sweep) and returns `.cancelled`.
    func run(
        _ attempt: Attempt, report: @escaping @Sendable (AttemptEvent) -> Void
    ) async -> AttemptOutcome
}

/// Everything an executor needs to start one attempt of a job.
public struct Attempt: Sendable {
    public var job: Job
    /// 1-based attempt number.
    public var number: Int
    /// The full context, already written to `contextFile`.
    public var context: StageContext
    /// Absolute path of the `context.json` written for this attempt.
    public var contextFile: String
    /// The attempt's working directory (exists, empty).
    public var workDirectory: String
    /// Where the attempt's stdout and stderr go: `runs/<run>/logs/<stage>.<attempt>.log`.
    public var logFile: String

    public init(
        job: Job, number: Int, context: StageContext, contextFile: String,
        workDirectory: String, logFile: String
    ) {
        self.job = job
        self.number = number
        self.context = context
        self.contextFile = contextFile
        self.workDirectory = workDirectory
        self.logFile = logFile
    }
}

/// Something an attempt reported while it ran.
public enum AttemptEvent: Sendable, Hashable {
    /// The attempt started on `host`; `handle` is the pid or the Slurm job id.
    case started(host: String, handle: String)
    /// A `::progress 0.42 text` line.
    case progress(fraction: Double, message: String)
    /// A `::metric name=value` line.
    case metric(name: String, value: Double)
}

/// How an attempt ended.
public enum AttemptOutcome: Sendable, Hashable {
    case succeeded
    /// The process exited with a non-zero status.
    case failed(exitStatus: Int32)
    /// The process was killed by a signal it did not get from us.
    case signalled(Int32)
    /// The attempt ran past its timeout and was stopped.
    case timedOut
    /// The build was cancelled while the attempt ran.
    case cancelled
    /// The executor lost the attempt (a node failed, a job was preempted, the process
    /// could not start); `retryable` says whether trying again can help.
    case lost(reason: String, retryable: Bool)
}
