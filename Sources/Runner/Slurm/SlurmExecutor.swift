import Foundation
import Platform

/// Runs each attempt as a Slurm batch job, behind the same ``Executor`` protocol as the
/// local executor, so the scheduler keeps the graph, the cache, the journal and retries
/// while Slurm places the stages on nodes.
///
/// - Submission: `sbatch --parsable` of a generated batch script (``SlurmBatchScript``,
///   written to `<work>/slurm-batch.sh`) that runs the stage's command with the worker
///   protocol's environment. Resources map to `--gres=gpu:N` (and any other resource to
///   `--gres=<name>:N`), `cpu` to `--cpus-per-task`, `memory` (MiB) to `--mem`; the timeout
///   to `--time` in whole minutes, rounded up. The job is named `<run id>.<stage>`, its
///   output file is the attempt's log, and `executor.slurm` adds partition, account, qos
///   and extra arguments.
/// - Secrets reach the job through sbatch's own environment (made of the stage's variables
///   only, and exported), never in a file under `.modelbuild` or on a command line; the
///   batch script masks their values in the stage's output on the node, before Slurm
///   writes the log.
/// - Watching: one `squeue` call per poll for every job in flight (``SlurmJobWatcher``);
///   the log is tailed meanwhile for `::progress` and `::metric` lines.
/// - Endings: COMPLETED → succeeded; FAILED → failed with the exit status (or signalled);
///   TIMEOUT → timed out; CANCELLED → cancelled when the build was, and a failure when
///   someone else cancelled it; NODE_FAIL, PREEMPTED, BOOT_FAIL → lost, retryable;
///   OUT_OF_MEMORY → lost, not retryable, saying so.
/// - Timeout: besides `--time`, modelbuild's own timer counts from when the job is seen
///   running and stops it at `job.timeout`. Cancelling the calling task stops the job too;
///   either way the attempt returns once Slurm reports the job ended, so nothing of it is
///   left in `squeue`.
/// - Stopping: a running job whose ``Job/gracePeriod`` is more than zero gets SIGTERM
///   (`scancel --signal=TERM --full`, which reaches the batch script and every process it
///   started) and, if it still runs a grace period later (at the next poll), `scancel`.
///   Otherwise it gets `scancel` at once. `scancel` itself sends SIGTERM, then SIGKILL
///   after the cluster's KillWait, which no job can shorten.
/// - Adoption: `<work>/slurm-job.json` records the job and stays locked while someone
///   follows it. A modelbuild killed while jobs run leaves them unlocked; the rerun's
///   attempt for the same cache key finds the job (``SlurmOrphanJobs``), follows it instead
///   of submitting again, and on success moves its outputs into its own output directory
///   and copies its log. modelbuild's own timer restarts for an adopted job; Slurm's
///   `--time` still counts from the job's real start. The adopted job ran with the earlier
///   run's `context.json` (its run id and paths); its inputs were the same store entries,
///   since its cache key is the same.
///
/// The state directory must be on a filesystem modelbuild and every node share (the work
/// directories, contexts, logs and store are read and written by the jobs);
/// ``checkCluster(stateDirectory:probe:)`` checks it before a build.
public struct SlurmExecutor: Executor {
    /// Partition, account, qos and extra `sbatch` arguments.
    public var settings: SlurmSettings
    /// modelbuild's own environment: where stages' variables and secrets come from, and the
    /// environment the Slurm commands run with.
    public var hostEnvironment: [String: String]

    let commandLine: SlurmCommandLine
    let watcher: SlurmJobWatcher
    let orphans: SlurmOrphanJobs

    /// - Parameters:
    ///   - settings: `executor.slurm` from builds.yaml.
    ///   - hostEnvironment: modelbuild's environment by default.
    ///   - pollInterval: the longest wait between two `squeue` calls while jobs are in
    ///     flight; polls start 4 times as often after a change and slow down to this.
    public init(
        settings: SlurmSettings = SlurmSettings(),
        hostEnvironment: [String: String] = ProcessInfo.processInfo.environment,
        pollInterval: Duration = .seconds(1)
    ) {
        self.settings = settings
        self.hostEnvironment = hostEnvironment
        commandLine = SlurmCommandLine(environment: hostEnvironment)
        watcher = SlurmJobWatcher(
            commandLine: commandLine, minimumInterval: pollInterval / 10, maximumInterval: pollInterval)
        orphans = SlurmOrphanJobs(commandLine: commandLine)
    }

    public func run(
        _ attempt: Attempt, report: @escaping @Sendable (AttemptEvent) -> Void
    ) async -> AttemptOutcome {
        guard !Task.isCancelled else { return .cancelled }
        let job = attempt.job
        let environment: StageEnvironment
        switch AttemptLaunch.prepare(attempt, host: hostEnvironment) {
        case .success(let launch): environment = launch.environment
        case .failure(let refusal): return refusal.outcome
        }
        let submission = SlurmSubmission(
            attempt: attempt, environment: environment, settings: settings, hostEnvironment: hostEnvironment)

        if let adoption = await orphans.adopt(cacheKey: job.cacheKey, workDirectory: attempt.workDirectory) {
            defer { adoption.claim.release() }
            return await follow(adopted: adoption, attempt: attempt, memory: submission.memory, report: report)
        }

        let record = SlurmJobRecord(
            stage: job.id, attempt: attempt.number, runID: attempt.context.runID, cacheKey: job.cacheKey,
            outputDirectory: attempt.context.output, logFile: attempt.logFile)
        let claim: SlurmJobClaim
        let jobID: String
        do {
            // Slurm does not make the log's folder; without it the job cannot launch.
            try FileSystem.makeDirectories((attempt.logFile as NSString).deletingLastPathComponent)
            try FileSystem.writeFile(Array(submission.script.text.utf8), to: submission.scriptPath)
            claim = try SlurmJobClaim.create(record, at: SlurmJobRecord.path(workDirectory: attempt.workDirectory))
        } catch {
            return .lost(reason: "job \(job.id): could not prepare its Slurm job: \(error)", retryable: false)
        }
        defer { claim.release() }
        do {
            // In a task of its own: sbatch cut short by a cancelled build could leave a job
            // nobody knows of. Once it is known, the first poll notices the cancellation.
            let executor = self
            jobID = try await Task { try await executor.submit(submission) }.value
            var submitted = record
            submitted.jobID = jobID
            try claim.write(submitted)
        } catch {
            return .lost(reason: "job \(job.id): \(error)", retryable: false)
        }
        var tail = SlurmLogTail(path: attempt.logFile, copyingTo: nil, report: report)
        return await follow(jobID: jobID, job: job, memory: submission.memory, tail: &tail, report: report)
    }

    /// Submits and returns the job id (`sbatch --parsable` prints `id` or `id;cluster`).
    private func submit(_ submission: SlurmSubmission) async throws(SlurmError) -> String {
        let output = try await commandLine.succeeding(
            "sbatch", submission.arguments, replacingEnvironment: submission.environment)
        let first = output.trimmed.split(separator: "\n").last.map(String.init) ?? ""
        let jobID = String(first.split(separator: ";").first ?? "")
        guard !jobID.isEmpty, jobID.allSatisfy(\.isNumber) else {
            throw .unexpectedSubmissionOutput(output: output.trimmed)
        }
        return jobID
    }

    /// Follows an adopted job: its log is the earlier attempt's, copied into this one's;
    /// on success its outputs move to this attempt's output directory.
    private func follow(
        adopted adoption: SlurmAdoption, attempt: Attempt, memory: Int?,
        report: @escaping @Sendable (AttemptEvent) -> Void
    ) async -> AttemptOutcome {
        let log = AttemptLogFile(path: attempt.logFile)
        log.append(lines: [
            Array(
                "modelbuild: adopted Slurm job \(adoption.jobID), submitted by run \(adoption.record.runID) (attempt \(adoption.record.attempt)); its log follows"
                    .utf8)
        ])
        var tail = SlurmLogTail(path: adoption.record.logFile, copyingTo: log, report: report)
        let outcome = await follow(
            jobID: adoption.jobID, job: attempt.job, memory: memory, tail: &tail, report: report)
        let logError = log.close()
        guard outcome == .succeeded else { return outcome }
        if let logError { return .lost(reason: "job \(attempt.job.id): \(logError)", retryable: true) }
        do {
            try FileSystem.removeTree(attempt.context.output)
            try FileSystem.rename(adoption.record.outputDirectory, attempt.context.output)
        } catch {
            return .lost(
                reason: "job \(attempt.job.id): could not take the outputs of adopted Slurm job \(adoption.jobID): \(error)",
                retryable: true)
        }
        return .succeeded
    }

    /// How far modelbuild has gone in stopping a job.
    private enum Stopping {
        /// SIGTERM was sent; `scancel` follows at `deadline` if the job still runs.
        case signalled(deadline: ContinuousClock.Instant)
        /// `scancel` was sent; Slurm ends the job.
        case cancelled
    }

    /// Polls until the job ends, reporting its start and its protocol lines, enforcing the
    /// timeout and cancellation with SIGTERM, the grace period and `scancel`.
    private func follow(
        jobID: String, job: Job, memory: Int?, tail: inout SlurmLogTail,
        report: @escaping @Sendable (AttemptEvent) -> Void
    ) async -> AttemptOutcome {
        let clock = ContinuousClock()
        var started: ContinuousClock.Instant?
        var cancellation: SlurmCancellation?
        var stopping: Stopping?
        var unlisted = 0
        while true {
            switch await watcher.nextReport(for: jobID) {
            case .listed(let status):
                unlisted = 0
                if started == nil, status.hasStarted, !status.nodes.isEmpty {
                    started = clock.now
                    report(.started(host: status.nodes, handle: jobID))
                }
                tail.readNew()
                if status.hasEnded {
                    tail.finish()
                    return status.outcome(cancelledBy: cancellation, memory: memory)
                }
            case .notListed:
                unlisted += 1
                if unlisted >= Self.unlistedPollsBeforeLost {
                    tail.finish()
                    if cancellation == .build { return .cancelled }
                    return .lost(
                        reason: "Slurm job \(jobID) is no longer listed by squeue; how it ended is unknown",
                        retryable: true)
                }
            case .unanswered:
                // The controller may be restarting; the job goes on meanwhile.
                break
            }
            if case .signalled(let deadline) = stopping, clock.now >= deadline {
                await cancel(jobID)
                stopping = .cancelled
            }
            guard cancellation == nil else { continue }
            if Task.isCancelled {
                cancellation = .build
            } else if let timeout = job.timeout, let started, clock.now - started >= timeout {
                cancellation = .timeout
            }
            guard cancellation != nil else { continue }
            // A job not seen running yet has nothing to warn; it is cancelled at once.
            if let grace = job.gracePeriod, grace > .zero, started != nil {
                await signal(jobID)
                stopping = .signalled(deadline: clock.now + grace)
            } else {
                await cancel(jobID)
                stopping = .cancelled
            }
        }
    }

    /// Sends SIGTERM to the job's batch script and everything it started, leaving the job
    /// to end by itself; in a task of its own for the reason ``cancel(_:)`` gives.
    private func signal(_ jobID: String) async {
        let commandLine = commandLine
        await Task { _ = try? await commandLine.run("scancel", ["--signal=TERM", "--full", jobID]) }.value
    }

    /// Runs `scancel` in a task of its own: subprocess stops what it runs when the calling
    /// task is cancelled, and a cancelled build is exactly when scancel must run to its end.
    /// Slurm then sends SIGTERM to the job, and SIGKILL after its KillWait.
    private func cancel(_ jobID: String) async {
        let commandLine = commandLine
        await Task { _ = try? await commandLine.run("scancel", [jobID]) }.value
    }

    /// Polls in a row that must not list a job before it counts as lost.
    static let unlistedPollsBeforeLost = 5
}
