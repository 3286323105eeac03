import Platform
import Store

/// Runs a graph of jobs through an `Executor`: each job as soon as its needs succeeded,
/// at most `workers` at once and within the resource capacity, with retries, reuse of
/// stored outputs, failure propagation and cancellation, recording everything in the
/// run's journal. The plan decides what the jobs are; the scheduler only does them.
///
/// It is event-driven: a task group runs the attempts, each job keeps a count of needs
/// not yet done, and when a job finishes only its dependants are looked at. Work per
/// job is constant apart from its edges, so large graphs (10,000 jobs) cost no more per
/// job than small ones.
public struct Scheduler: Sendable {
    /// How a run is carried out.
    public struct Options: Sendable, Hashable {
        /// Attempts running at once, at least 1.
        public var workers: Int
        /// Resource units available to running jobs (`["gpu": 1]`). A job asking for a
        /// resource not listed here asks for more than the capacity.
        public var capacity: [String: Int]
        /// On the first job that fails for good, cancel every running attempt and start
        /// nothing new. Otherwise (the default) jobs that do not depend on the failure finish.
        public var failFast: Bool
        /// Job ids to run even if their outputs are stored.
        public var force: Set<String>
        /// A dry run (like `ninja -n`): jobs are scheduled, reused and handed to the
        /// executor (a `DryRunExecutor`) as usual, but the scheduler creates no work or
        /// output directories, writes no `context.json`, and puts nothing in the store, so
        /// nothing a dry run "produces" is ever reused. Inputs name the directories a real
        /// run would use. The journal is written as usual.
        public var dryRun: Bool
        /// Keep a succeeded attempt's `context.json` (`build --keep-contexts`, to debug a
        /// stage). By default only a failed attempt keeps its own.
        public var keepsContexts = false

        public init(
            workers: Int, capacity: [String: Int] = [:], failFast: Bool = false, force: Set<String> = [],
            dryRun: Bool = false
        ) {
            self.workers = workers
            self.capacity = capacity
            self.failFast = failFast
            self.force = force
            self.dryRun = dryRun
        }
    }

    /// Where attempts run.
    public let executor: any Executor
    public let store: OutputStore
    public let options: Options
    /// What retry backoffs wait on: the real clock, or a test's own so that a backoff test
    /// needs no real waiting.
    public let clock: any Clock<Duration>

    public init(
        executor: any Executor, store: OutputStore, options: Options, clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.executor = executor
        self.store = store
        self.options = options
        self.clock = clock
    }

    /// Runs `jobs` in `run` (whose lock the caller holds) and returns the summary of what
    /// happened. Appends `run.started`, then every event, then `run.finished` to the run's
    /// journal, and hands each record to `onEvent` as it is written (in journal order;
    /// `onEvent` must not block).
    ///
    /// A job whose cache key is in the store (and whose id is not in `options.force`) is
    /// reused, not run. A failed job skips exactly its transitive dependants. Attempts
    /// ending `.failed`, `.signalled`, `.timedOut` or `.lost(retryable: true)` are retried
    /// per `job.retry`, after `backoff`, `2 × backoff`, `4 × backoff`, …
    ///
    /// Cancelling the calling task cancels the running attempts (the executor stops them),
    /// starts nothing new, and ends the run `cancelled`; the summary is still returned.
    ///
    /// - Throws: `SchedulerError` before anything runs if the graph is invalid (unknown
    ///   need, duplicate id, cycle, a resource beyond capacity, a bad cache key, no
    ///   workers), `FileSystemError` if the journal cannot be opened, and
    ///   `SchedulerError.journalFailed` after stopping the run if it cannot be written.
    public func run(
        _ jobs: [Job], in run: RunDirectory, buildName: String, configDigest: String, candidate: String? = nil,
        onEvent: @escaping @Sendable (JournalRecord) -> Void = { _ in }
    ) async throws -> RunSummary {
        let graph = try JobGraph(jobs, workers: options.workers, capacity: options.capacity)
        let journal = try Journal.open(path: run.journalFile)
        let recorder = RunRecorder(journal: journal, observer: onEvent)
        let start = RunStart(
            runID: run.id, buildName: buildName, configDigest: configDigest, pid: CurrentProcess.id,
            host: CurrentProcess.hostName, candidate: candidate)
        recorder.record(
            [.runStarted(start)]
                + jobs.map { .jobQueued(job: $0.id, needs: $0.needs, cacheKey: $0.cacheKey) })

        var loop = SchedulingLoop(
            graph: graph, options: options, run: run, store: store, executor: executor, recorder: recorder,
            clock: clock)
        let status = await withTaskGroup(of: SchedulingLoop.TaskResult.self) { group in
            await loop.drive(&group)
        }
        recorder.record(.runFinished(status: status))
        try journal.close()
        if let failure = recorder.failure {
            throw SchedulerError.journalFailed(path: journal.path, reason: failure)
        }
        return recorder.summary
    }
}
