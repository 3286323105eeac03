import Foundation
import Platform


/// Runs each attempt as a process on this machine, following the worker protocol:
///
/// - The job's command starts in the attempt's work directory, in a new session and so a
///   new process group, with the environment ``StageEnvironment`` builds (an allowlist of
///   modelbuild's variables, `MODELBUILD_CONTEXT`, and the job's secrets).
/// - Its stdout and stderr are appended line by line to the attempt's log file, with secret
///   values replaced by `***`. `::progress` and `::metric` lines on stdout are reported as
///   they arrive.
/// - A timeout, or cancelling the calling task, sends SIGTERM to the whole group, waits the
///   job's ``Job/gracePeriod`` (``gracePeriod`` when it has none), then sends SIGKILL to
///   the group.
/// - With a ``StageUser`` (`executor.user`), the stage runs as that account, owning only
///   its work and output folders.
/// - When the stage's leader has ended, however it ended, whatever is left in its group is
///   killed: a stage's processes do not outlive its attempt. A stage that wants its
///   children to finish cleanly on SIGTERM waits for them before it exits.
public struct LocalExecutor: Executor {
    /// How long a stage has between SIGTERM and SIGKILL unless told otherwise.
    public static let defaultGracePeriod: Duration = .seconds(10)

    /// The time between SIGTERM and SIGKILL when an attempt whose job sets none is stopped.
    public var gracePeriod: Duration
    /// modelbuild's own environment, which ``StageEnvironment`` picks from.
    public var hostEnvironment: [String: String]
    /// The host name reported in ``AttemptEvent/started(host:handle:)``.
    public var hostName: String
    /// The account stages run as; nil runs them as modelbuild's own user.
    public var stageUser: StageUser?
    private let programs = ExecutableCache()

    /// - Parameters:
    ///   - gracePeriod: the time between SIGTERM and SIGKILL when an attempt whose job sets
    ///     none is stopped.
    ///   - hostEnvironment: the environment stages' variables and secrets come from;
    ///     modelbuild's own by default.
    ///   - hostName: reported when an attempt starts; this machine's name by default.
    ///   - stageUser: the account stages run as; modelbuild's own by default.
    public init(
        gracePeriod: Duration = defaultGracePeriod,
        hostEnvironment: [String: String] = ProcessInfo.processInfo.environment,
        hostName: String = LocalExecutor.currentHostName(),
        stageUser: StageUser? = nil
    ) {
        self.gracePeriod = gracePeriod
        self.hostEnvironment = hostEnvironment
        self.hostName = hostName
        self.stageUser = stageUser
    }

    public func run(
        _ attempt: Attempt, report: @escaping @Sendable (AttemptEvent) -> Void
    ) async -> AttemptOutcome {
        guard !Task.isCancelled else { return .cancelled }
        let job = attempt.job
        let program: String, environment: StageEnvironment
        switch AttemptLaunch.prepare(attempt, host: hostEnvironment) {
        case .success(let launch): (program, environment) = (launch.program, launch.environment)
        case .failure(let refusal): return refusal.outcome
        }
        if let stageUser {
            do {
                try stageUser.prepare(
                    workDirectory: attempt.workDirectory, outputDirectory: attempt.context.output,
                    contextFile: attempt.contextFile)
            } catch {
                return .lost(reason: "job \(job.id): \(error)", retryable: false)
            }
        }
        let log = AttemptLogFile(path: attempt.logFile)
        let output = StageOutputCopier(
            log: log, masker: SecretMasker(secretValues: environment.secretValues), report: report)

        let child: SpawnedChild
        do {
            child = try ProcessLauncher.spawn(
                try launch(program: program, job: job, environment: environment, workDirectory: attempt.workDirectory),
                output: output)
        } catch {
            _ = log.close()
            var reason = "job \(job.id): cannot start \(program): \(error)"
            if error.code == ENOENT, !program.contains("/") {
                reason += " (searched PATH=\(environment.variables["PATH"] ?? "<unset>"))"
            }
            return .lost(reason: reason, retryable: false)
        }
        output.reportStarted(.started(host: hostName, handle: "\(child.pid)"))
        let gracePeriod = job.gracePeriod ?? gracePeriod
        if let timeout = job.timeout { child.stop(after: timeout, gracePeriod: gracePeriod) }
        // The launcher's reaper keeps the time of the grace period, so cancelling only has
        // to start the stop; the exit still arrives, with everything the stage printed
        // during its grace period in the log.
        let exit = await withTaskCancellationHandler {
            await child.exit()
        } onCancel: {
            child.stop(gracePeriod: gracePeriod)
        }
        let logError = log.close()

        if Task.isCancelled { return .cancelled }
        if exit.passedItsDeadline { return .timedOut }
        if let logError {
            return .lost(reason: "job \(job.id): \(logError)", retryable: true)
        }
        switch exit.status {
        case .exited(0): return .succeeded
        case .exited(let code): return .failed(exitStatus: code)
        case .signalled(let signal): return .signalled(signal)
        }
    }

    /// The process to start: the program found the way a shell finds it, the stage's own
    /// environment, its work directory; stdout and stderr to pipes the copier reads; and
    /// whatever is left of its group killed when it exits. Throws `ENOENT` for a name not
    /// on the stage's `PATH`.
    private func launch(
        program: String, job: Job, environment: StageEnvironment, workDirectory: String
    ) throws(ProcessSpawnError) -> ProcessLaunch {
        let executable: String
        if program.contains("/") {
            // A path like `./train.sh` means what it means to a shell started in the work
            // directory.
            executable = program.hasPrefix("/") ? program : workDirectory + "/" + program
        } else if let found = programs.find(program, on: environment.variables["PATH"]) {
            executable = found
        } else {
            throw ProcessSpawnError(operation: "PATH search for", executable: program, code: ENOENT)
        }
        let arguments = Array(job.command.dropFirst())
        if let stageUser {
            return ProcessLaunch(
                executable: stageUser.switcher, arguments: stageUser.switchingArguments(to: executable, arguments),
                environment: stageUser.environment(environment.variables), workingDirectory: workDirectory,
                standardOutput: .pipe, standardError: .pipe, killsGroupOnExit: true)
        }
        return ProcessLaunch(
            executable: executable, arguments: arguments, argumentZero: program,
            environment: environment.variables, workingDirectory: workDirectory,
            standardOutput: .pipe, standardError: .pipe, killsGroupOnExit: true)
    }

    /// The name of this machine, as `gethostname` reports it.
    public static func currentHostName() -> String {
        CurrentProcess.hostName
    }
}
