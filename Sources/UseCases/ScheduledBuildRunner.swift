import Foundation
import BuildConfiguration
import Runner

/// Runs one build for a scheduler and says how it ended. Cancelling the calling task
/// cancels the build cleanly.
public protocol ScheduledBuildRunner: Sendable {
    /// Runs the build named `build`; never throws: every ending is a `ScheduleResult`.
    func run(build: String, clock: any ScheduleClock) async -> ScheduleResult
}

/// Runs scheduled builds with `BuildSession`, rereading builds.yaml for each, so edits to
/// stages apply to the next run (schedules are reread by the scheduler itself).
public struct SessionBuildRunner: ScheduledBuildRunner {
    public let project: Project
    public let commands: StageCommandResolver
    /// The executor every run uses; nil uses the one builds.yaml asks for (as `build` does),
    /// read again for each run.
    public let executor: (any Executor)?

    public init(project: Project, commands: StageCommandResolver, executor: (any Executor)? = nil) {
        self.project = project
        self.commands = commands
        self.executor = executor
    }

    /// Loads builds.yaml and runs `build` with `BuildSession`; up to date, failed, cancelled
    /// and unstartable runs all come back as results.
    public func run(build: String, clock: any ScheduleClock) async -> ScheduleResult {
        let config: BuildConfig
        let session: BuildSession
        switch loadSession() {
        case .success(let loaded): (session, config) = loaded
        case .failure(let detail): return ScheduleResult(status: .error, finished: clock.now, detail: detail.text)
        }
        let outcome: BuildOutcome
        do {
            // A build that signs signs with the project's default key, as `build` would.
            let key = try SigningKeyFiles.signingKey(named: nil, for: config.build(named: build), project: project)
            outcome = try await session.run(BuildOptions(build: build, signingKey: key), config: config)
        } catch let error as BuildLockError {
            // A build by hand holds the build's lock: this fire is skipped, not failed.
            let status: ScheduleResult.Status = if case .held = error { .busy } else { .error }
            return ScheduleResult(status: status, finished: clock.now, detail: "\(error)")
        } catch {
            let status: ScheduleResult.Status = Task.isCancelled ? .cancelled : .error
            return ScheduleResult(status: status, finished: clock.now, detail: "\(error)")
        }
        switch outcome {
        case .upToDate(let reason):
            return ScheduleResult(status: .upToDate, finished: clock.now, detail: reason)
        case .ran(let runID, let summary, let published):
            var result = Self.result(summary, runID: runID, finished: clock.now, link: link(config: config, runID: runID))
            result.version = published?.version
            if let failed = summary.jobs.first(where: { $0.state == .failed }), let attempt = failed.attempts.last {
                let run = RunDirectory(runsDirectory: StateDirectory(path: project.stateDirectory.path).runsDirectory, id: runID)
                result.failedStageLog = StageLogText.tail(ofFile: run.logFile(stage: failed.id, attempt: attempt.number))
            }
            return result
        }
    }

    /// builds.yaml and the plugins, read afresh for each run, and a session whose stages
    /// resolve through them (and `run:` paths from the project), as `modelbuild build`
    /// resolves them; or why builds.yaml does not load.
    func loadSession() -> Result<(BuildSession, BuildConfig), LoadFailure> {
        let plugins = project.loadPlugins()
        var commands = commands
        commands.plugin = PluginCommands.resolver(catalog: plugins)
        commands.projectRoot = project.root.path
        do {
            let config = try project.loadConfig(plugins: plugins)
            return .success((BuildSession(project: project, commands: commands, executor: executor), config))
        } catch {
            let first = error.diagnostics.first.map(\.description) ?? "\(error)"
            return .failure(LoadFailure(text: "builds.yaml is not valid: \(first)"))
        }
    }

    /// builds.yaml does not load: the first of its errors.
    struct LoadFailure: Error {
        var text: String
    }

    /// How a run's journal summary reads as a scheduler result.
    static func result(_ summary: RunSummary, runID: String, finished: Date, link: String?) -> ScheduleResult {
        let status: ScheduleResult.Status
        switch summary.status {
        case .succeeded: status = .succeeded
        case .cancelled: status = .cancelled
        default: status = .failed
        }
        var metrics: [String: Double] = [:]
        for job in summary.jobs {
            for (name, value) in job.metrics { metrics[job.id + "." + name] = value }
        }
        let failed = summary.jobs.first { $0.state == .failed }?.id
        return ScheduleResult(
            status: status, runID: runID, finished: finished, failedStage: failed, metrics: metrics, link: link)
    }

    /// The model's report when it exists, else the run's folder.
    private func link(config: BuildConfig, runID: String) -> String {
        let report = project.artifactsDirectory.appendingPathComponent(config.model.name)
            .appendingPathComponent("index.html")
        if FileManager.default.fileExists(atPath: report.path) { return report.absoluteString }
        return project.stateDirectory.appendingPathComponent("runs").appendingPathComponent(runID).absoluteString
    }
}
