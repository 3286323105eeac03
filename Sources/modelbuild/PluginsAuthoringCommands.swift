import ArgumentParser
import Foundation
import Platform
import Runner
import Synchronization
import UseCases

struct PluginsNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write a template plugin plugins/NAME: a plugin.yaml with typed params and a Python 3 program.",
        discussion: """
            The template passes plugins check as it is, runs with plugins run NAME, and \
            follows the worker protocol (docs/worker-protocol.md): it reads context.json, \
            reports progress and a metric, and writes summary.txt and result.json.
            """)

    @Argument(help: "The plugin's name ([a-z][a-z0-9._-]*); a stage uses it with uses: NAME.")
    var name: String

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let project = options.projectOrWorkingFolder
        try PluginTemplate.write(name: name, in: project)
        let folder = project.displayPluginsDirectory + "/" + name
        print("wrote \(folder)/plugin.yaml and \(folder)/run.py")
        print("next: modelbuild plugins check \(name), then modelbuild plugins run \(name) --input data=SOME_FOLDER")
    }
}

struct PluginsRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one plugin stage alone, outside a build, and print its output folder.",
        discussion: """
            The stage gets the worker protocol of a build (context.json, its own work folder \
            and process group, the allowlisted environment) from the executor builds use, in \
            .modelbuild/plugin-runs/NAME/<id>/. --with gives a parameter as builds.yaml's \
            with: would (checked against plugin.yaml); --input names an upstream stage and \
            the folder it would have written (read in place, not copied). Nothing is cached \
            or published. Exit status 1 when the stage fails, 130 when cancelled.
            """)

    @Argument(help: "The plugin in plugins/.", completion: CompletionCandidates.plugins)
    var name: String

    @Option(name: .customLong("with"), help: ArgumentHelp("A parameter, as in with: (repeatable).", valueName: "name=value"))
    var parameters: [String] = []

    @Option(help: ArgumentHelp("An input: an upstream stage's name and its folder (repeatable).", valueName: "name=dir"))
    var input: [String] = []

    @Flag(help: "Print JSON (docs/json.md), for other programs.")
    var json = false

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let trial = PluginStageTrial(project: options.projectOrWorkingFolder)
        let (name, parameters, input, json) = (name, parameters, input, json)
        // The stage's process group, once it started: a second Ctrl-C kills it at once.
        let group = Mutex<Int32?>(nil)
        let task = Task {
            try await trial.run(plugin: name, arguments: parameters, inputs: input) { event in
                if case .started(_, let handle) = event { group.withLock { $0 = Int32(handle) } }
                guard !json, let line = Self.line(event) else { return }
                StandardStream.output.write(line + "\n")
            }
        }
        let signals = SignalCancellation(
            cancelling: task,
            onStopping: {
                StandardStream.error.write(
                    "stopping: waiting up to \(EventText.duration(LocalExecutor.defaultGracePeriod)) for \(name) to exit "
                        + "(SIGTERM sent; Ctrl-C again kills it)\n")
            },
            onKill: {
                guard let stage = group.withLock({ $0 }) else { return }
                StandardStream.error.write("killing \(name) now (SIGKILL)\n")
                ProcessGroupKill.kill(group: stage)
            })
        defer { signals.stop() }
        let ran = try await task.value
        // The protocol lines were printed as they came.
        let log = StageLogText.withoutProtocolLines(
            (try? FileSystem.readFile(ran.logFile)).map { String(decoding: $0, as: UTF8.self) } ?? "")
        if json {
            JSONOutput.write([
                "plugin": name, "succeeded": ran.outcome == .succeeded, "outcome": EventText.outcome(ran.outcome),
                "folder": ran.folder, "output": ran.output, "context": ran.contextFile, "log": ran.logFile,
                "metrics": ran.metrics,
            ])
        } else {
            if !log.isEmpty {
                print("--- \(ran.logFile)")
                for line in log.split(separator: "\n", omittingEmptySubsequences: false).dropLast(log.hasSuffix("\n") ? 1 : 0) {
                    print(PrintableText.escaping(String(line)))
                }
            }
            for (metric, value) in ran.metrics.sorted(by: { $0.key < $1.key }) { print("metric \(metric) = \(value)") }
            print(ran.outcome == .succeeded ? "\(name) succeeded" : "\(name) failed: \(EventText.outcome(ran.outcome))")
            print("output: \(ran.output)")
        }
        switch ran.outcome {
        case .succeeded: return
        case .cancelled: throw ExitCode(ExitStatus.cancelled)
        default: throw ExitCode(ExitStatus.failure)
        }
    }

    /// A progress or metric line as it arrives.
    static func line(_ event: AttemptEvent) -> String? {
        switch event {
        case .started: nil
        case .progress(let fraction, let message):
            "progress \(Int((fraction * 100).rounded()))%" + (message.isEmpty ? "" : " \(PrintableText.escaping(message))")
        case .metric(let name, let value): "metric \(PrintableText.escaping(name)) = \(value)"
        }
    }
}
