import Foundation
import Pipeline
import Runner

/// What `modelbuild build` was asked to do.
public struct BuildOptions: Sendable {
    /// The build's name under `builds:`.
    public var build: String
    public var force: ForceSelection
    /// Stop everything at the first failure instead of letting independent stages finish.
    public var failFast: Bool

    public init(build: String, force: ForceSelection = .none, failFast: Bool = false) {
        self.build = build
        self.force = force
        self.failFast = failFast
    }
}

/// How a build ended.
public enum BuildOutcome: Sendable {
    /// Nothing ran, and why ("no new merged commits since …").
    case upToDate(reason: String)
    /// The stages ran (or were reused); the run's summary says how they ended.
    case ran(runID: String, summary: RunSummary)
}

/// Runs one build of a project: plan the jobs, run them on the executor, remember what was
/// built. The CLI renders its events.
public struct BuildSession: Sendable {
    public let project: Project
    public let commands: StageCommandResolver
    /// Where stages run; nil means as builds.yaml's `executor.kind` says (a
    /// `LocalExecutor`, or a `SlurmExecutor` whose cluster is checked before the run).
    public let executor: (any Executor)?

    public init(project: Project, commands: StageCommandResolver, executor: (any Executor)? = nil) {
        self.project = project
        self.commands = commands
        self.executor = executor
    }

    var state: StateDirectory { StateDirectory(path: project.stateDirectory.path) }
    var keyLogPath: String { state.path + "/keys.json" }

    /// Plans `options.build`: what would run and why, without running anything.
    public func plan(_ options: BuildOptions, config: BuildConfig) throws -> [PlannedJob] {
        let prepared = try prepare(options, config: config)
        let store = try state.openStore()
        return try prepared.planner.plan(
            force: options.force, isStored: store.contains, previous: KeyLog.load(path: keyLogPath))
    }

    /// Runs `options.build`, reporting every journal record to `onEvent` as it happens.
    /// Cancelling the calling task stops every running stage and records the run as cancelled.
    public func run(
        _ options: BuildOptions, config: BuildConfig,
        onEvent: @escaping @Sendable (JournalRecord) -> Void = { _ in }
    ) async throws -> BuildOutcome {
        try FileManager.default.createDirectory(atPath: state.path, withIntermediateDirectories: true)
        try state.markStaleRunsInterrupted()
        let prepared = try prepare(options, config: config)
        if let reason = prepared.upToDateReason, options.force == .none { return .upToDate(reason: reason) }
        let store = try state.openStore()
        let keyLog = KeyLog.load(path: keyLogPath)
        let planned = try prepared.planner.plan(force: options.force, isStored: store.contains, previous: keyLog)
        let forced = Set(planned.filter { options.force.includes($0.stage) }.map(\.job.id))
        let executor: any Executor
        if let chosen = self.executor {
            executor = chosen
        } else {
            executor = try await configuredExecutor(config.executor)
        }
        let scheduler = Scheduler(
            executor: executor, store: store,
            options: .init(
                workers: config.executor.workers,
                capacity: Self.capacity(of: config.executor, for: planned.map(\.job)), failFast: options.failFast,
                force: forced))
        let (run, lock) = try state.beginRun()
        defer { lock.release() }
        let summary = try await scheduler.run(
            planned.map(\.job), in: run, buildName: options.build, configDigest: prepared.configDigest,
            onEvent: onEvent)
        try remember(planned, summary: summary, runID: run.id, options: options, prepared: prepared, keyLog: keyLog)
        return .ran(runID: run.id, summary: summary)
    }

    /// The executor builds.yaml asks for. A Slurm cluster is checked first (its commands,
    /// its partition, and that its nodes reach the state directory), so a build that cannot
    /// run fails before it starts.
    private func configuredExecutor(_ spec: ExecutorSpec) async throws -> any Executor {
        switch spec.kind {
        case .local:
            return LocalExecutor()
        case .slurm:
            let slurm = spec.slurm ?? SlurmSpec()
            let executor = SlurmExecutor(
                settings: SlurmSettings(
                    partition: slurm.partition, account: slurm.account, qos: slurm.qos,
                    extraArguments: slurm.extraArgs))
            try await executor.checkCluster(stateDirectory: state.path)
            return executor
        }
    }

    /// The resource slots the scheduler draws on. On one machine, the declared capacity.
    /// On Slurm the cluster holds the resources and queues what does not fit, so a resource
    /// the capacity does not declare is bounded only by `workers` jobs each asking the most
    /// any job asks.
    static func capacity(of spec: ExecutorSpec, for jobs: [Job]) -> [String: Int] {
        guard spec.kind == .slurm else { return spec.capacity }
        var capacity = spec.capacity
        for job in jobs {
            for (resource, amount) in job.resources where spec.capacity[resource] == nil {
                capacity[resource] = max(capacity[resource] ?? 0, amount * max(1, spec.workers))
            }
        }
        return capacity
    }

    private struct Prepared {
        var planner: JobPlanner
        var configDigest: String
        var upToDateReason: String?
    }

    private func prepare(_ options: BuildOptions, config: BuildConfig) throws -> Prepared {
        guard let build = config.build(named: options.build) else {
            throw UnknownBuildError(name: options.build, known: config.builds.map(\.name))
        }
        if case .stages(let names) = options.force {
            let known = Set(config.stages.map(\.name))
            for name in names.sorted() where !known.contains(name) {
                throw PlanningError("--force names unknown stage \"\(name)\"")
            }
        }
        let previous = BuildRecord.load(build: build.name, state: state.path)
        let planner = JobPlanner(
            config: config, build: build, taxonomy: nil, baseModel: baseModel(config, previous: previous),
            commands: commands)
        let configDigest = (try? Data(contentsOf: URL(fileURLWithPath: project.configPath)))
            .map { ContentDigest.hex($0) } ?? ""
        return Prepared(planner: planner, configDigest: configDigest, upToDateReason: nil)
    }

    /// The model stages start from: the pinned base, or the previous build's trained model.
    private func baseModel(_ config: BuildConfig, previous: BuildRecord?) -> BaseModelInput? {
        switch config.model.base {
        case .pinned(let name, let uri, let sha256):
            let path = uri.flatMap { URL(string: $0) }.flatMap { $0.isFileURL ? $0.path : nil }
            return BaseModelInput(name: name, path: path, digest: sha256.map { "sha256:" + $0 } ?? (uri ?? name))
        case .previous:
            guard let key = previous?.modelKey, let store = try? state.openStore(), store.contains(key),
                let path = try? store.directory(key)
            else { return BaseModelInput(name: "none", path: nil, digest: "none") }
            return BaseModelInput(name: "\(config.model.name) (\(previous?.runID ?? ""))", path: path, digest: "store:" + key)
        }
    }

    /// After a run: the key log learns the ingredients of every stage that built or was
    /// reused, and a successful run becomes the build's record.
    private func remember(
        _ planned: [PlannedJob], summary: RunSummary, runID: String, options: BuildOptions, prepared: Prepared,
        keyLog: KeyLog
    ) throws {
        var log = keyLog
        for job in planned where [.succeeded, .reused].contains(summary[job: job.job.id]?.state) {
            log[job.job.id] = job.ingredients
        }
        try log.save(path: keyLogPath)
        guard summary.status == .succeeded else { return }
        let model = planned.first { $0.stage == "train" }
        try BuildRecord(
            build: options.build, runID: runID, finished: Date(),
            taxonomyCommit: prepared.planner.taxonomy?.commit, modelKey: model?.job.cacheKey
        ).save(state: state.path)
    }
}
