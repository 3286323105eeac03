import BuildConfiguration
import Foundation
import Platform
import Runner
import StageProtocol
import YAML

/// `modelbuild plugins run NAME --with k=v --input name=DIR`: one plugin stage run alone,
/// outside any build, for its author. It gets the worker protocol of a build (a
/// `context.json` named by `MODELBUILD_CONTEXT`, its own work folder and process group, the
/// allowlisted environment, `::progress` and `::metric` lines) from the very executor
/// builds use, in a folder of its own under `.modelbuild/plugin-runs/<name>/<id>/`
/// (`context.json`, `work/`, `output/`, `stage.log`, and `lock`, held while it runs).
/// Nothing is cached, stored or published; the inputs are the folders given, read in
/// place. `prune` keeps the newest trials of each plugin (`PluginTrialRetention`).
public struct PluginStageTrial: Sendable {
    public let project: Project

    public init(project: Project) {
        self.project = project
    }

    /// Where a trial of `plugin` left its files, and how it ended.
    public struct Outcome: Sendable {
        /// The trial's folder: `.modelbuild/plugin-runs/<name>/<id>`.
        public var folder: String
        /// The folder the stage wrote (its `output`).
        public var output: String
        public var contextFile: String
        public var logFile: String
        public var outcome: AttemptOutcome
        /// `output/result.json`'s metrics, when the stage wrote one.
        public var metrics: [String: Double]
    }

    /// Runs `name` with `arguments` (`k=v`, checked against its `params`) and `inputs`
    /// (`name=DIR`, each an existing folder), reporting its progress and metrics as they
    /// come. Cancelling the calling task stops it as a build would (SIGTERM, its grace,
    /// SIGKILL). Problems with the request are usage errors, found before anything runs.
    public func run(
        plugin name: String, arguments: [String], inputs: [String],
        report: @escaping @Sendable (AttemptEvent) -> Void = { _ in }
    ) async throws -> Outcome {
        let catalog = project.loadPlugins()
        guard let plugin = catalog[name] else {
            throw RequestError(
                .usage,
                "no plugin \"\(name)\" in \(project.displayPluginsDirectory)/"
                    + Suggestion.didYouMean(name, among: catalog.all.map(\.name)) + " (modelbuild plugins new \(name) makes one)")
        }
        guard let manifest = plugin.manifest, let command = PluginCommands.command(for: plugin) else {
            throw RequestError(.usage, "plugin \(name) has errors: modelbuild plugins check \(name) shows them")
        }
        let params: [String: JSONValue]
        switch PluginArguments.resolve(arguments, for: manifest) {
        case .success(let resolved): params = resolved
        case .failure(let problems): throw RequestError(.usage, problems.messages.joined(separator: "\n"))
        }
        let inputFolders = try Self.inputFolders(inputs)

        let id = RunDirectory.makeID()
        let folder = PluginTrialRetention.trialsFolder(state: project.stateDirectory.path) + "/\(name)/\(id)"
        let output = folder + "/output", work = folder + "/work", contextFile = folder + "/context.json"
        try FileSystem.makeDirectories(output)
        try FileSystem.makeDirectories(work)
        // Held while the stage runs: prune keeps a trial whose lock is held.
        let lock = try FileLock.lock(PluginTrialRetention.lockFile(inTrial: folder), .exclusive)
        defer { lock.release() }
        let model = (try? project.loadConfig(plugins: catalog).model.name) ?? "none"
        let context = StageContext(
            runID: "plugin-run-\(id)", stage: name, attempt: 1,
            build: .init(name: "plugins-run", kind: "trial", version: nil, model: model),
            params: params, inputs: inputFolders, output: output)
        try FileSystem.writeFile(context.json, to: contextFile)
        var job = Job(id: name, command: command.arguments, cacheKey: "none", context: context)
        job.project = project.root.path
        let attempt = Attempt(
            job: job, number: 1, context: context, contextFile: contextFile, workDirectory: work,
            logFile: folder + "/stage.log")
        let outcome = await LocalExecutor().run(attempt, report: report)
        let metrics = (try? FileSystem.readFile(output + "/result.json"))
            .flatMap { try? JSONDecoder().decode(StageResult.self, from: Data($0)).metrics } ?? [:]
        return Outcome(
            folder: folder, output: output, contextFile: contextFile, logFile: attempt.logFile, outcome: outcome,
            metrics: metrics)
    }

    /// `name=DIR` arguments as context.json's `inputs`: absolute paths of existing folders.
    static func inputFolders(_ inputs: [String]) throws -> [String: String] {
        var folders: [String: String] = [:]
        for input in inputs {
            guard let equals = input.firstIndex(of: "="), equals != input.startIndex, input.index(after: equals) != input.endIndex
            else {
                throw RequestError(.usage, "--input \(input): expected NAME=FOLDER (the upstream stage's name and its output folder)")
            }
            let name = String(input[..<equals])
            let path = URL(fileURLWithPath: String(input[input.index(after: equals)...])).standardizedFileURL.path
            guard (try? FileSystem.status(path))?.isDirectory == true else {
                throw RequestError(.usage, "--input \(input): \(path) is not a folder")
            }
            guard folders.updateValue(path, forKey: name) == nil else {
                throw RequestError(.usage, "--input \(input): \(name) is given twice")
            }
        }
        return folders
    }
}
