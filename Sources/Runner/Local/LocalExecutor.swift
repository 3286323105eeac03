import Foundation
import Platform
import Subprocess
import SystemPackage


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
    private let programs = ExecutableCache()

    /// - Parameters:
    ///   - gracePeriod: the time between SIGTERM and SIGKILL when an attempt whose job sets
    ///     none is stopped.
    ///   - hostEnvironment: the environment stages' variables and secrets come from;
    ///     modelbuild's own by default.
    ///   - hostName: reported when an attempt starts; this machine's name by default.
    public init(
        gracePeriod: Duration = defaultGracePeriod,
        hostEnvironment: [String: String] = ProcessInfo.processInfo.environment,
        hostName: String = LocalExecutor.currentHostName()
    ) {
        self.gracePeriod = gracePeriod
        self.hostEnvironment = hostEnvironment
        self.hostName = hostName
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
        let log = AttemptLogFile(path: attempt.logFile)

        let configuration = configuration(
            program: program, arguments: Array(job.command.dropFirst()),
            environment: environment, workDirectory: attempt.workDirectory,
            gracePeriod: job.gracePeriod ?? gracePeriod)
        let output = StageOutputCopier(
            log: log, masker: SecretMasker(secretValues: environment.secretValues),
            report: report)
        let (ending, timedOut) = await runStoppingAtTimeout(
            configuration, output: output, timeout: job.timeout)
        let logError = log.close()

        if Task.isCancelled { return .cancelled }
        if timedOut { return .timedOut }
        switch ending {
        case .failedToStart(let error):
            var reason = "job \(job.id): cannot start \(program): \(error)"
            if error.code == .executableNotFound, !program.contains("/") {
                reason += " (searched PATH=\(environment.variables["PATH"] ?? "<unset>"))"
            }
            return .lost(reason: reason, retryable: false)
        case .lostOutput(let error):
            return .lost(
                reason: "job \(job.id): lost the output of \(program): \(error)", retryable: true)
        case .terminated(let status):
            if let logError {
                return .lost(reason: "job \(job.id): \(logError)", retryable: true)
            }
            switch status {
            case .exited(0): return .succeeded
            case .exited(let code): return .failed(exitStatus: code)
            case .signaled(let signal): return .signalled(signal)
            }
        }
    }

    /// How the stage's process ended, as seen before timeouts and cancellation are
    /// accounted for.
    private enum ProcessEnding: Sendable {
        case terminated(TerminationStatus)
        case failedToStart(SubprocessError)
        case lostOutput(any Error)
    }

    /// Reading the stage's output failed; the process was torn down.
    private struct OutputReadFailure: Error {
        var processGroup: ProcessGroup
        var underlying: any Error
    }

    private func configuration(
        program: String, arguments: [String], environment: StageEnvironment,
        workDirectory: String, gracePeriod: Duration
    ) -> Configuration {
        let executable: Executable
        if program.contains("/") {
            // A path like `./train.sh` means what it means to a shell started in the work
            // directory; subprocess would resolve it against modelbuild's own.
            let path = FilePath(program)
            executable = .path(path.isAbsolute ? path : FilePath(workDirectory).pushing(path))
        } else if let found = programs.find(program, on: environment.variables["PATH"]) {
            executable = .path(FilePath(found))
        } else {
            // Not found: subprocess searches again and reports it as it does.
            executable = .name(program)
        }
        var options = PlatformOptions()
        options.createSession = true
        // Used by subprocess when the task running it is cancelled (a timeout or the
        // caller's cancellation); the final SIGKILL goes to the group as well.
        options.teardownSequence = [
            .gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: gracePeriod)
        ]
        var variables: [Environment.Key: String] = [:]
        for (name, value) in environment.variables {
            variables[Environment.Key(stringLiteral: name)] = value
        }
        return Configuration(
            executable: executable, arguments: Arguments(arguments),
            environment: .custom(variables), workingDirectory: FilePath(workDirectory),
            platformOptions: options)
    }

    /// Runs the process in a task of its own, cancelled by the timeout or by the caller's
    /// cancellation; either way subprocess runs the teardown sequence. Returns how it
    /// ended and whether the timeout fired.
    private func runStoppingAtTimeout(
        _ configuration: Configuration, output: StageOutputCopier, timeout: Duration?
    ) async -> (ProcessEnding, timedOut: Bool) {
        let hostName = hostName
        guard let timeout else {
            // Nothing to time: the caller's cancellation reaches subprocess directly.
            return (await Self.runProcess(configuration, output: output, hostName: hostName), false)
        }
        let process = Task {
            await Self.runProcess(configuration, output: output, hostName: hostName)
        }
        return await withTaskCancellationHandler {
            await withTaskGroup(of: Bool.self) { timer in
                timer.addTask {
                    guard (try? await Task.sleep(for: timeout)) != nil else { return false }
                    process.cancel()
                    return true
                }
                let ending = await process.value
                timer.cancelAll()
                var timedOut = false
                for await fired in timer { timedOut = timedOut || fired }
                return (ending, timedOut)
            }
        } onCancel: {
            process.cancel()
        }
    }

    private static func runProcess(
        _ configuration: Configuration, output: StageOutputCopier, hostName: String
    ) async -> ProcessEnding {
        do {
            let result = try await Subprocess.run(
                configuration, input: .none, output: .sequence, error: .sequence
            ) { execution in
                let group = ProcessGroup(id: execution.processIdentifier.value)
                output.report(.started(host: hostName, handle: "\(group.id)"))
                let standardOutput = execution.standardOutput
                let standardError = execution.standardError
                // Not a child task: cancelling the attempt starts the teardown, and what the
                // stage prints during its grace period still belongs in the log. The reads
                // end when the leader exits, even if a grandchild holds the pipes open.
                let copying = Task {
                    // stderr in a child task, stdout in this one: two tasks a stage, not three.
                    async let errors: Void = output.copy(standardError, readingProtocol: false)
                    try await output.copy(standardOutput, readingProtocol: true)
                    try await errors
                }
                do {
                    try await copying.value
                } catch {
                    throw OutputReadFailure(processGroup: group, underlying: error)
                }
                return group
            }
            result.closureResult.killRemainingProcesses()
            return .terminated(result.terminationStatus)
        } catch let failure as OutputReadFailure {
            failure.processGroup.killRemainingProcesses()
            return .lostOutput(failure.underlying)
        } catch let error as SubprocessError where Self.startFailures.contains(error.code) {
            return .failedToStart(error)
        } catch {
            return .lostOutput(error)
        }
    }

    /// The errors subprocess throws when the program could not be started at all.
    private static let startFailures: Set<SubprocessError.Code> = [
        .spawnFailed, .executableNotFound, .failedToChangeWorkingDirectory,
    ]

    /// The name of this machine, as `gethostname` reports it.
    public static func currentHostName() -> String {
        CurrentProcess.hostName
    }
}
