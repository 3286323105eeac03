import ArgumentParser
import Foundation
import ModelBuild
import Runner

struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Run a build: its stages as worker processes, reusing what is cached.",
        discussion: """
            Stages run as soon as what they need is done, up to executor.workers at once and \
            within the executor's capacity. A stage whose cache key is in the store is reused, \
            not run. A failed stage stops the stages that need it; the others finish unless \
            --fail-fast is given. Ctrl-C or SIGTERM stops every running stage and exits 130.

            On a terminal the stages show live; otherwise one line per event, or JSON lines \
            with --json. Everything is recorded in .modelbuild/runs/<run-id>/.
            """
    )

    @Argument(help: "The build to run, as named under builds: in builds.yaml (for example nightly).")
    var build: String

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Rerun the stages named after it (every stage when none is named), even when cached.")
    var force = false

    @Argument(help: "With --force: the stages to rerun.")
    var stages: [String] = []

    @Flag(help: "Stop everything at the first failure.")
    var failFast = false

    @Flag(help: "Print the events as JSON lines, for other programs.")
    var json = false

    func validate() throws {
        if !force, !stages.isEmpty {
            throw ValidationError("stage names (\(stages.joined(separator: ", "))) are only taken with --force")
        }
    }

    func run() async throws {
        let plugins = options.project.loadPlugins()
        let config = try options.load(plugins: plugins)
        let session = BuildSession(
            project: options.project,
            commands: StageCommandResolver(
                modelbuildBinary: StageCommandResolver.currentExecutable(),
                plugin: PluginCommands.resolver(catalog: plugins)))
        let forceSelection: ForceSelection = !force ? .none : stages.isEmpty ? .all : .stages(Set(stages))
        let view = BuildProgressView(style: json ? .json : (isatty(STDOUT_FILENO) != 0 ? .live : .plain))
        let task = Task {
            try await session.run(
                BuildOptions(build: build, force: forceSelection, failFast: failFast), config: config,
                onEvent: view.show)
        }
        let signals = SignalCancellation(cancelling: task)
        defer { signals.stop() }
        let outcome: BuildOutcome
        do {
            outcome = try await task.value
        } catch let error as UnknownBuildError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(ExitStatus.usage)
        } catch let error as PlanningError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(ExitStatus.usage)
        }
        switch outcome {
        case .upToDate(let reason):
            view.note(reason)
        case .ran(let runID, let summary):
            view.finish(summary: summary, runID: runID)
            switch summary.status {
            case .succeeded: break
            case .cancelled: throw ExitCode(ExitStatus.cancelled)
            default: throw ExitCode(ExitStatus.failure)
            }
        }
    }
}
