import StageProtocol
import Store
/// The scheduler's state for one run and the loop that drives it. It lives in the
/// calling task; child tasks only run attempts and backoff timers and report back, so
/// no state is shared between threads.
///
/// Each job keeps a count of needs not yet done. A job whose count reaches zero is
/// reused (its key is stored) or queued; a queued job starts when a worker and its
/// resources are free. When an attempt ends, only that job's dependants are looked at.
struct SchedulingLoop {
    enum TaskResult: Sendable {
        case attemptEnded(AttemptEnd)
        case backoffEnded(job: Int)
        case preparationDiscarded
    }

    private enum Progress {
        /// Waiting for needs.
        case pending
        /// Waiting for a worker or resources.
        case ready
        case running
        case backingOff
        case finished(JobState)
    }

    let graph: JobGraph
    let options: Scheduler.Options
    let run: RunDirectory
    let store: OutputStore
    let executor: any Executor
    let recorder: RunRecorder
    /// What retry backoffs wait on.
    let clock: any Clock<Duration>

    private var waiting: [Int]
    private var progress: [Progress]
    private var attempts: [Int]
    private var outputs: [OutputLocation?]
    private var ready = JobQueue()
    private var slots: ResourceSlots
    private var running = 0
    /// Nothing new starts: the run was cancelled, failed fast, or its journal failed.
    private var stopping = false
    private var cancelled = false
    private var failed = false
    /// Events of the current step, recorded together with one fsync.
    private var events: [RunEvent] = []
    /// First attempts laid out while the job's last need runs, by job.
    private var preparations: [Int: AttemptPreparation] = [:]
    /// Preparations of jobs that will not start after all, to remove in the next step.
    private var unwanted: [AttemptPreparation] = []

    init(
        graph: JobGraph, options: Scheduler.Options, run: RunDirectory, store: OutputStore,
        executor: any Executor, recorder: RunRecorder, clock: any Clock<Duration>
    ) {
        self.graph = graph
        self.options = options
        self.run = run
        self.store = store
        self.executor = executor
        self.recorder = recorder
        self.clock = clock
        waiting = graph.needs.map(\.count)
        progress = Array(repeating: .pending, count: graph.jobs.count)
        attempts = Array(repeating: 0, count: graph.jobs.count)
        outputs = Array(repeating: nil, count: graph.jobs.count)
        slots = ResourceSlots(capacity: options.capacity)
    }

    /// Runs the graph to its end and returns how the run ended.
    mutating func drive(_ group: inout TaskGroup<TaskResult>) async -> RunStatus {
        // Roots first, all of them: reusing one frees others, which must not count twice.
        let roots = graph.jobs.indices.filter { waiting[$0] == 0 }
        for job in roots { needsDone(job) }
        step(&group)
        while let result = await group.next() {
            // Before the result: an attempt that ended because the caller cancelled is
            // a cancellation, not a failure.
            noticeCancellation(&group)
            switch result {
            case .attemptEnded(let end): attemptEnded(end, &group)
            case .backoffEnded(let job): backoffEnded(job)
            case .preparationDiscarded: break
            }
            step(&group)
        }
        for preparation in unwanted + preparations.values { await preparation.discard() }
        for job in graph.jobs.indices {
            if case .finished = progress[job] { continue }
            progress[job] = .finished(.cancelled)
            events.append(.jobCancelled(job: graph.jobs[job].id, attempt: nil))
        }
        flush()
        if cancelled { return .cancelled }
        return failed || recorder.failure != nil ? .failed : .succeeded
    }

    /// Ends a step: notices cancellation or a failed journal, records the step's events,
    /// then starts what can start.
    private mutating func step(_ group: inout TaskGroup<TaskResult>) {
        noticeCancellation(&group)
        if recorder.failure != nil && !stopping { stop(&group) }
        flush()
        startReady(&group)
        for preparation in unwanted {
            group.addTask {
                await preparation.discard()
                return .preparationDiscarded
            }
        }
        unwanted.removeAll()
    }

    private mutating func noticeCancellation(_ group: inout TaskGroup<TaskResult>) {
        if Task.isCancelled && !cancelled {
            cancelled = true
            stop(&group)
        }
    }

    private mutating func flush() {
        recorder.record(events)
        events.removeAll(keepingCapacity: true)
    }

    private mutating func stop(_ group: inout TaskGroup<TaskResult>) {
        stopping = true
        group.cancelAll()
    }

    // MARK: - Needs and reuse

    /// `job`'s needs are all done: reuse it if its outputs are stored, else queue it.
    /// Reuse frees dependants at once, so a chain of stored jobs is walked here with an
    /// explicit stack rather than recursion.
    private mutating func needsDone(_ first: Int) {
        var freed = [first]
        while let job = freed.popLast() {
            guard !stopping else { continue }
            let spec = graph.jobs[job]
            guard !options.force.contains(spec.id), store.contains(spec.cacheKey) else {
                progress[job] = .ready
                ready.append(job)
                continue
            }
            progress[job] = .finished(.reused)
            outputs[job] = .stored(key: spec.cacheKey)
            discardPreparation(of: job)
            events.append(.jobReused(job: spec.id, cacheKey: spec.cacheKey))
            freed += release(dependantsOf: job)
        }
    }

    /// Counts `job` as done for its dependants; returns those with no needs left.
    private mutating func release(dependantsOf job: Int) -> [Int] {
        var freed: [Int] = []
        for dependant in graph.dependants[job] {
            waiting[dependant] -= 1
            if waiting[dependant] == 0 { freed.append(dependant) }
        }
        return freed
    }

    // MARK: - Starting attempts

    private mutating func startReady(_ group: inout TaskGroup<TaskResult>) {
        while !stopping, running < options.workers, let job = ready.popFirst() {
            let spec = graph.jobs[job]
            if let resource = slots.lacking(spec.resources) {
                slots.wait(job, for: resource)
                continue
            }
            slots.take(spec.resources)
            running += 1
            attempts[job] += 1
            progress[job] = .running
            var inputs: [String: OutputLocation] = [:]
            for need in graph.needs[job] { inputs[graph.jobs[need].id] = outputs[need] }
            var attempt = AttemptRun(
                index: job, job: spec, number: attempts[job], inputs: inputs, run: run, store: store,
                dryRun: options.dryRun, executor: executor, recorder: recorder)
            attempt.keepsContext = options.keepsContexts
            attempt.preparedAhead = preparations.removeValue(forKey: job)
            group.addTask { .attemptEnded(await attempt.perform()) }
            prepareDependants(of: job)
        }
    }

    /// Lays out the first attempt of each dependant whose last need is `job`, now starting,
    /// and that is going to run: its files are then ready when `job` ends. At most
    /// `workers` at a time (no more can start at once), so a fan-out of thousands is not
    /// laid out ahead of a need that may fail. Not in a dry run, whose inputs are attempt
    /// folders not known before the attempt.
    private mutating func prepareDependants(of job: Int) {
        guard !options.dryRun else { return }
        for dependant in graph.dependants[job]
        where waiting[dependant] == 1 && attempts[dependant] == 0 && preparations[dependant] == nil {
            guard preparations.count < options.workers else { return }
            let spec = graph.jobs[dependant]
            guard options.force.contains(spec.id) || !store.contains(spec.cacheKey) else { continue }
            var inputs: [String: OutputLocation] = [:]
            for need in graph.needs[dependant] {
                inputs[graph.jobs[need].id] = need == job ? .stored(key: graph.jobs[job].cacheKey) : outputs[need]
            }
            var attempt = AttemptRun(
                index: dependant, job: spec, number: 1, inputs: inputs, run: run, store: store,
                dryRun: false, executor: executor, recorder: recorder)
            attempt.keepsContext = options.keepsContexts
            preparations[dependant] = AttemptPreparation(ahead: attempt)
        }
    }

    private mutating func discardPreparation(of job: Int) {
        if let preparation = preparations.removeValue(forKey: job) { unwanted.append(preparation) }
    }

    // MARK: - Ends of attempts

    private mutating func attemptEnded(_ end: AttemptEnd, _ group: inout TaskGroup<TaskResult>) {
        let job = end.job
        let spec = graph.jobs[job]
        running -= 1
        let jobs = graph.jobs
        for woken in slots.release(spec.resources, demandOf: { jobs[$0].resources }) {
            ready.append(woken)
        }
        switch end.outcome {
        case .succeeded:
            events.append(.jobSucceeded(job: spec.id, attempt: end.attempt, cacheKey: spec.cacheKey))
            progress[job] = .finished(.succeeded)
            outputs[job] = end.outputs
            for freed in release(dependantsOf: job) { needsDone(freed) }
        case .cancelled where stopping:
            events.append(.jobCancelled(job: spec.id, attempt: end.attempt))
            progress[job] = .finished(.cancelled)
        default:
            events.append(.jobFailed(job: spec.id, attempt: end.attempt, outcome: end.outcome))
            guard !stopping, Self.isRetryable(end.outcome), end.attempt < spec.retry.attempts else {
                fail(job, &group)
                return
            }
            let delay = Self.backoff(spec.retry, afterAttempt: end.attempt)
            events.append(.jobRetried(job: spec.id, attempt: end.attempt, delay: delay))
            progress[job] = .backingOff
            let clock = clock
            group.addTask {
                try? await clock.sleep(for: delay)
                return .backoffEnded(job: job)
            }
        }
    }

    private mutating func backoffEnded(_ job: Int) {
        guard !stopping else {
            progress[job] = .finished(.cancelled)
            events.append(.jobCancelled(job: graph.jobs[job].id, attempt: nil))
            return
        }
        progress[job] = .ready
        ready.append(job)
    }

    /// `job` failed for good: skip exactly its transitive dependants (each once), and stop
    /// everything if failing fast.
    private mutating func fail(_ job: Int, _ group: inout TaskGroup<TaskResult>) {
        failed = true
        progress[job] = .finished(.failed)
        let root = graph.jobs[job].id
        var stack = [job]
        while let current = stack.popLast() {
            for dependant in graph.dependants[current] {
                guard case .pending = progress[dependant] else { continue }
                progress[dependant] = .finished(.skipped)
                discardPreparation(of: dependant)
                events.append(.jobSkipped(job: graph.jobs[dependant].id, need: graph.jobs[current].id, failedJob: root))
                stack.append(dependant)
            }
        }
        if options.failFast { stop(&group) }
    }

    static func isRetryable(_ outcome: AttemptOutcome) -> Bool {
        switch outcome {
        case .failed(let status): status != StageExitStatus.notRetryable
        case .signalled, .timedOut: true
        case .lost(_, let retryable): retryable
        case .succeeded, .cancelled: false
        }
    }

    /// `backoff` before the first retry, doubling for each further one.
    static func backoff(_ policy: RetryPolicy, afterAttempt attempt: Int) -> Duration {
        policy.backoff * (1 << min(max(attempt - 1, 0), 30))
    }
}
