import StageProtocol

/// One node of the graph the scheduler runs: a stage instance after planning. The plan
/// (Pipeline) decides what runs and why; the runner only does it.
public struct Job: Sendable, Hashable, Identifiable {
    /// The stage instance's name, unique in the graph: `train`, `generate[knowledge/birds]`.
    public var id: String
    /// Jobs that must succeed before this one starts.
    public var needs: [String]
    /// The program and its arguments. Relative programs are looked up on `PATH`.
    public var command: [String]
    /// Resource units this job holds while it runs (`gpu: 1`), checked against the
    /// executor's capacity like ninja's pools.
    public var resources: [String: Int]
    /// Wall-clock limit of one attempt; nil means none.
    public var timeout: Duration?
    /// The time between SIGTERM and SIGKILL when an attempt is stopped (a timeout, a
    /// cancelled build); nil means the executor's default. Not part of the cache key: it
    /// does not change what the job produces.
    public var gracePeriod: Duration?
    public var retry: RetryPolicy
    /// The stage's cache key (hex SHA-256), computed by the plan. A key already in the
    /// output store means the job is reused, not run.
    public var cacheKey: String
    /// Names of environment variables passed from modelbuild's own environment to this
    /// job only; their values are masked in logs and never written anywhere else.
    public var secrets: [String]
    /// The parts of `context.json` the plan knows (build, params, taxonomy, base model);
    /// the runner fills in run id, attempt, inputs and output.
    public var context: StageContext
    /// The folder holding builds.yaml, exported to the stage as `MODELBUILD_PROJECT`.
    public var project: String?
    /// Set for modelbuild's own built-in stages, which open what they read read-only and
    /// write only their output folder: they read their needs' outputs from the store's
    /// read-only trees and the shared taxonomy snapshot in place, where any other stage
    /// gets private copies (`AttemptInputs`). Copying a thousand inputs for a train or
    /// evaluate stage took longer than the stage.
    public var readsInPlace = false

    public init(
        id: String, needs: [String] = [], command: [String], resources: [String: Int] = [:],
        timeout: Duration? = nil, gracePeriod: Duration? = nil, retry: RetryPolicy = .none, cacheKey: String,
        secrets: [String] = [], context: StageContext
    ) {
        self.id = id
        self.needs = needs
        self.command = command
        self.resources = resources
        self.timeout = timeout
        self.gracePeriod = gracePeriod
        self.retry = retry
        self.cacheKey = cacheKey
        self.secrets = secrets
        self.context = context
    }
}

/// How often a failed job is tried again, and how long to wait between tries.
public struct RetryPolicy: Sendable, Hashable {
    /// Total attempts, the first included; 1 means no retry.
    public var attempts: Int
    /// The wait before the first retry; it doubles for each further retry.
    public var backoff: Duration

    public static let none = RetryPolicy(attempts: 1, backoff: .zero)

    public init(attempts: Int, backoff: Duration) {
        self.attempts = attempts
        self.backoff = backoff
    }
}
