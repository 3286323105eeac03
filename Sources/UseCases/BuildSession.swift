import Artifacts
import Foundation
import YAML
import BuildConfiguration
import Platform
import Runner
import StageProtocol
import Store
import Taxonomy

/// What `modelbuild build` was asked to do.
public struct BuildOptions: Sendable {
    /// The build's name under `builds:`.
    public var build: String
    public var force: ForceSelection
    /// Stop everything at the first failure instead of letting independent stages finish.
    public var failFast: Bool
    /// Publish a successful build to `artifacts/` (when the build names its versions).
    public var publish: Bool
    /// The version to publish as; nil uses the build's template (`nightly-{date}`).
    public var version: VersionRequest?
    /// Signs the manifest; required when the build says `sign: true`.
    public var signingKey: SigningKey?
    /// Build this taxonomy commit instead of the branch head.
    public var pin: TaxonomyPin?
    /// Start from this model instead of the configured base.
    public var baseModel: BaseModelInput?
    /// The build's lock when the caller took it already (a release that may rebuild).
    var heldBuildLock: BuildLock?
    /// Build only these stages and what they need (`--only`, `--until`); empty builds the
    /// whole graph. A partial build never publishes nor counts its commit as built.
    public var targets: Set<String> = []
    /// Keep every attempt's `context.json`, a succeeded one's too (`--keep-contexts`).
    public var keepsContexts = false

    /// False for a candidate build: its commit never counts as built for the build it
    /// borrows its stages from, and nothing is published as a version.
    var recordsBuild = true
    /// The candidate (`pr-41-1a2b3c4d`) the build's runs build, named in their
    /// `run.started` so `runs` and the dashboard do not take them for the build's own.
    var candidate: String?
    /// False when the caller fetched the taxonomy just before and pinned a commit it wrote
    /// into the mirror (a candidate): the build reads the mirror as it is, where fetching
    /// again for each of its runs cost a round trip to the remote each.
    var fetchesTaxonomy = true
    /// The taxonomy commit's leaves as an earlier run of the same caller read them (a
    /// candidate's precheck and build read one pinned commit); nil reads them afresh.
    var treeReads: TaxonomyTreeReads?

    /// Whether only part of the graph is built.
    public var isPartial: Bool { !targets.isEmpty }

    public init(
        build: String, force: ForceSelection = .none, failFast: Bool = false, publish: Bool = true,
        version: VersionRequest? = nil, signingKey: SigningKey? = nil
    ) {
        self.build = build
        self.force = force
        self.failFast = failFast
        self.publish = publish
        self.version = version
        self.signingKey = signingKey
    }
}

/// How a build ended.
public enum BuildOutcome: Sendable {
    /// Nothing ran, and why ("no new merged commits since …").
    case upToDate(reason: String)
    /// The stages ran (or were reused); the run's summary says how they ended, and what
    /// was published when the build succeeded.
    case ran(runID: String, summary: RunSummary, published: PublishedBuild?)
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

    /// Plans `options.build`: what would run and why, without running anything or writing
    /// anything but the taxonomy mirror (a project that never built has no store, and
    /// planning does not make one). With `fetch` it first fetches the taxonomy, as a build
    /// would, falling back to the mirror with a warning to `note` when the fetch fails;
    /// without, it reads the mirror as last fetched (fetching only when there is none).
    public func plan(
        _ options: BuildOptions, config: BuildConfig, fetch: Bool = true,
        note: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> [PlannedJob] {
        try await planBuild(options, config: config, fetch: fetch, note: note).jobs
    }

    /// Plans `options.build` as `plan` does, and says whether `build` would do nothing and
    /// why: the very decision `run` takes, so the two always agree.
    public func planBuild(
        _ options: BuildOptions, config: BuildConfig, fetch: Bool = true,
        note: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> PlannedBuild {
        var storeLock: StoreLock?
        if FileManager.default.fileExists(atPath: state.storeDirectory) { storeLock = try await lockStore(note: note) }
        defer { storeLock?.release() }
        // A plan names the snapshot a build would write, and writes nothing.
        let prepared = try await prepare(
            options, config: config, fetch: fetch ? .unlessOffline : .whenMissing, writesSnapshot: false, note: note)
        let isStored: (String) -> Bool
        if FileManager.default.fileExists(atPath: state.storeDirectory) {
            isStored = try state.openStore().contains
        } else {
            isStored = { _ in false }
        }
        let jobs = try prepared.planner.plan(
            force: options.force, isStored: isStored, previous: KeyLog.load(state: state.path), targets: options.targets)
        try Self.checkForcedInstances(options.force, planned: jobs)
        let nothingToDo = upToDateReason(jobs, prepared: prepared, options: options)
        if nothingToDo == nil, let taxonomy = prepared.taxonomy { note(taxonomy.changesDescription) }
        return PlannedBuild(jobs: jobs, nothingToDo: nothingToDo)
    }

    /// Runs `options.build`, reporting every journal record to `onEvent` as it happens.
    /// Cancelling the calling task stops every running stage and records the run as cancelled.
    /// Lines about the build that are not stage events (what the taxonomy brought) go to
    /// `note`. The store lock is held shared from start to end (`lockStore`).
    public func run(
        _ options: BuildOptions, config: BuildConfig,
        onEvent: @escaping @Sendable (JournalRecord) -> Void = { _ in },
        note: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> BuildOutcome {
        try await runPlanned(options, config: config, onEvent: onEvent, note: note).outcome
    }

    /// Runs `options.build` as `run` does, and hands back the jobs it planned as well: the
    /// plan `plan` would make of the same options before the run (the same cache keys), so
    /// a caller that needs them (a candidate) does not plan the build a second time.
    /// `planned` is empty when the build stopped before planning.
    func runPlanned(
        _ options: BuildOptions, config: BuildConfig,
        onEvent: @escaping @Sendable (JournalRecord) -> Void,
        note: @escaping @Sendable (String) -> Void
    ) async throws -> (outcome: BuildOutcome, planned: [PlannedJob]) {
        try checkPublishable(options, config: config)
        try FileManager.default.createDirectory(atPath: state.path, withIntermediateDirectories: true)
        let buildLock = try options.heldBuildLock ?? BuildLock.acquire(build: options.build, in: state)
        defer { if options.heldBuildLock == nil { buildLock.release() } }
        let storeLock = try await lockStore(note: note)
        defer { storeLock.release() }
        let interrupted = try await state.markStaleRunsInterrupted(grace: config.executor.grace ?? .seconds(10)) { run, group in
            note(
                "run \(run.id) left stage \(group.job) (attempt \(group.attempt), process group \(group.group)) running; "
                    + (group.killed ? "stopped it with SIGKILL after the grace period" : "stopped it with SIGTERM"))
        }
        for run in interrupted {
            note("run \(run.id) was interrupted (its process died); its finished stages will be reused")
        }
        var prepared: Prepared
        do {
            prepared = try await prepare(
                options, config: config, fetch: options.fetchesTaxonomy ? .always : .whenMissing, note: note)
        } catch let error as BuildPreparationError where error.recordsRun {
            let (runID, summary) = try PreparationFailureRun.record(
                error.description, build: options.build, configDigest: configDigest(), state: state, onEvent: onEvent)
            buildLock.recordRun(runID)
            return (.ran(runID: runID, summary: summary, published: nil), [])
        }
        var store: OutputStore
        let keyLog: KeyLog
        let planned: [PlannedJob]
        do {
            if let changed = prepared.planner.taxonomy?.changedLeaves {
                prepared.planner.taxonomy?.changedLeavesFile = try ChangedLeavesFile.write(changed, state: state.path)
            }
            store = try state.openStore()
            store.durability = .deferred
            keyLog = KeyLog.load(state: state.path)
            planned = try prepared.planner.plan(
                force: options.force, isStored: store.contains, previous: keyLog, targets: options.targets)
            try Self.checkForcedInstances(options.force, planned: planned)
        } catch {
            // A snapshot that could not be written fails the build first, as when it was
            // written before planning.
            try await prepared.taxonomy?.snapshotWrite?.finished()
            throw error
        }
        try await prepared.taxonomy?.snapshotWrite?.finished()
        if let reason = upToDateReason(planned, prepared: prepared, options: options) {
            await refreshDashboard(config, skipped: (options.build, reason))
            return (.upToDate(reason: reason), planned)
        }
        if let taxonomy = prepared.taxonomy { note(taxonomy.changesDescription) }
        // Only a moved leaf's jobs can be aliased: asking the store about every job again
        // is a file opened per job, on the way to the first stage.
        for job in planned {
            guard let move = job.movedFrom, !store.contains(job.job.cacheKey) else { continue }
            try store.alias(move.key, as: job.job.cacheKey)
        }
        let forced = Set(
            planned.filter { options.force.includes($0.stage) || options.force.includes($0.job.id) }.map(\.job.id))
        let executor: any Executor
        if let chosen = self.executor {
            executor = chosen
        } else {
            executor = try await configuredExecutor(config.executor)
        }
        var schedulerOptions = Scheduler.Options(
            workers: config.executor.workers,
            capacity: Self.capacity(of: config.executor, for: planned.map(\.job)), failFast: options.failFast,
            force: forced)
        schedulerOptions.keepsContexts = options.keepsContexts
        let scheduler = Scheduler(executor: executor, store: store, options: schedulerOptions)
        let (run, lock) = try state.beginRun()
        defer { lock.release() }
        buildLock.recordRun(run.id)
        let summary = try await scheduler.run(
            planned.map(\.job), in: run, buildName: options.build, configDigest: prepared.configDigest,
            candidate: options.candidate, onEvent: onEvent)
        try store.flush()
        try remember(planned, summary: summary, keyLog: keyLog)
        if let skipped = prepared.taxonomy?.skipped, !skipped.isEmpty {
            // Said again at the end, where the summary is read: the list itself is above.
            note(
                "\(skipped.count) leaves were skipped, not built: "
                    + skipped.prefix(10).map { "\($0.path) (\($0.reason.rawValue))" }.joined(separator: ", ")
                    + (skipped.count > 10 ? ", … (\(skipped.count - 10) more)" : "")
                    + "; their errors are listed above and in the manifest's taxonomy.skippedLeaves")
        }
        guard summary.status == .succeeded else {
            await refreshDashboard(config)
            return (.ran(runID: run.id, summary: summary, published: nil), planned)
        }
        guard !options.isPartial else {
            note(
                "a partial build (\(options.targets.sorted().joined(separator: ", ")) and what they need): "
                    + "nothing published, and the commit is not counted as built")
            return (.ran(runID: run.id, summary: summary, published: nil), planned)
        }
        guard options.recordsBuild else { return (.ran(runID: run.id, summary: summary, published: nil), planned) }
        guard let request = versionRequest(options, prepared.planner.build) else {
            // A build that publishes nothing is done when its stages are.
            try recordBuilt(planned, runID: run.id, options: options, prepared: prepared)
            return (.ran(runID: run.id, summary: summary, published: nil), planned)
        }
        // With --no-publish the commit is not built for this build yet: the next run
        // publishes it, reusing every stage.
        guard options.publish else { return (.ran(runID: run.id, summary: summary, published: nil), planned) }
        var publication = BuildPublication(
            config: config, build: prepared.planner.build, planned: planned, summary: summary, run: run, store: store,
            taxonomy: prepared.taxonomy, baseModel: prepared.planner.baseModel, configDigest: prepared.configDigest)
        if let same = latestVersion(publishing: try publication.outputDigests(), config: config) {
            guard options.force != .none || options.version != nil else {
                note("nothing changed since \(same): this build's files are the same; no new version published")
                try recordBuilt(planned, runID: run.id, options: options, prepared: prepared)
                await refreshDashboard(config)
                return (.ran(runID: run.id, summary: summary, published: nil), planned)
            }
            note("the content is unchanged since \(same); publishing it again as asked")
        }
        if let taxonomy = prepared.taxonomy {
            publication.contributions = try BuildTaxonomy(taxonomy: try ProjectTaxonomy(project: project, config: config))
                .contributions(of: taxonomy)
        }
        var finished = try publication.finishedBuild()
        finished.confirmsCandidates = try confirmedCandidates(planned, taxonomy: prepared.taxonomy, config: config)
        let published = try await publish(
            finished, build: prepared.planner.build, config: config, request: request,
            signingKey: options.signingKey, note: note)
        do {
            try recordBuilt(planned, runID: run.id, options: options, prepared: prepared)
        } catch {
            throw UnrecordedPublicationError(version: published.version, path: published.path, cause: error)
        }
        // After the version is published and recorded: a failed push leaves it published.
        await pushToRegistries(published, kind: prepared.planner.build.kind.rawValue, config: config, note: note)
        return (.ran(runID: run.id, summary: summary, published: published), planned)
    }

    /// Takes the store lock shared, for as long as the session uses the store: from
    /// planning (which may make the base model's tree) to the end of the run, so a
    /// `modelbuild prune` never removes what the build is about to reuse. Waits while a
    /// prune holds it, saying so.
    func lockStore(note: @Sendable (String) -> Void) async throws -> StoreLock {
        try await state.lockStore(.shared) {
            note("modelbuild prune is working on the store; waiting for it to finish")
        }
    }

    /// Where this project publishes the model's versions.
    public func artifactLayout(_ config: BuildConfig) throws -> ArtifactLayout {
        try ArtifactLayout(artifacts: project.artifactsDirectory.path, model: config.model.name)
    }

    /// Refuses, before anything runs, a build that could not be published: a version that
    /// exists, signing asked for without a key, or with a key builds.yaml does not trust.
    func checkPublishable(_ options: BuildOptions, config: BuildConfig) throws {
        guard options.publish, let build = config.build(named: options.build),
            let request = versionRequest(options, build)
        else { return }
        if build.sign, options.signingKey == nil {
            throw BuildPreparationError(
                "build \(build.name) has sign: true but no signing key was given (create one with modelbuild keys generate, then pass --sign-key)")
        }
        if let key = options.signingKey { try TrustedKeys.checkSigningKey(key, build: build, project: project) }
        switch request {
        case .semantic, .bump: _ = try ArtifactCatalog(layout: artifactLayout(config)).proposedVersion(for: request)
        case .template: break
        }
    }

    private func versionRequest(_ options: BuildOptions, _ build: BuildSpec) -> VersionRequest? {
        if let version = options.version { return version }
        if case .template(let template) = build.versionScheme { return .template(template, date: Date()) }
        return nil
    }

    /// Checks the build's gates against the previous release, saying each one's value and
    /// threshold to `note` (passed ones too), then publishes.
    func publish(
        _ finished: FinishedBuild, build: BuildSpec, config: BuildConfig, request: VersionRequest,
        signingKey: SigningKey?, note: @Sendable (String) -> Void
    ) async throws -> PublishedBuild {
        let layout = try artifactLayout(config)
        if !build.gates.isEmpty {
            let previous = try ArtifactCatalog(layout: layout).previousRelease()
            let gates = build.gates.map { gate -> ReleaseGate in
                switch gate {
                case .threshold(let metric, let min, let max): .threshold(metric: metric, min: min, max: max)
                case .noRegression(let metric): .noRegression(metric: metric)
                }
            }
            let name: String =
                switch request {
                case .semantic(let version): version
                case .template(let template, _): template
                case .bump(let component): "the \(component) bump"
                }
            for outcome in GateEvaluation.outcomes(of: gates, metrics: finished.metrics, previousRelease: previous) {
                note(outcome.description)
            }
            try GateEvaluation.check(gates, metrics: finished.metrics, previousRelease: previous, version: name)
        }
        return try await publisher(config).publish(finished, version: request, signingKey: signingKey)
    }

    /// The publisher of this project's versions, with what the dashboard shows: builds.yaml
    /// `report.metrics` and the recorded runs.
    func publisher(_ config: BuildConfig) throws -> Publisher {
        var publisher = Publisher(layout: try artifactLayout(config))
        publisher.primaryMetrics = config.report.metrics
        publisher.runs = RunHistory(project: project).outcomes()
        return publisher
    }

    /// Redraws the dashboard after a build that published nothing (failed, nothing new, or skipped),
    /// so its run history shows it; only where versions were published before. Best effort:
    /// the build's own outcome is what the caller reports.
    /// A build that had nothing to do (`skipped`: its name and why) leaves no run record, so
    /// it is handed to the index, which keeps it.
    func refreshDashboard(_ config: BuildConfig, skipped: (build: String, reason: String)? = nil) async {
        guard var publisher = try? publisher(config), FileManager.default.fileExists(atPath: publisher.layout.indexJSON)
        else { return }
        // Never hold up a failed or cancelled build behind another publish: the next one redraws.
        publisher.lockTimeout = .seconds(5)
        if let skipped {
            let now = Date()
            publisher.runs?.append(
                RunOutcome(
                    id: "skipped-" + ISO8601Text.utc(now), build: skipped.build, started: now, finished: now,
                    status: .skipped, reason: skipped.reason))
        }
        try? await publisher.refreshIndex()
    }

    /// The executor builds.yaml asks for. A Slurm cluster is checked first (its commands,
    /// its partition, and that its nodes reach the state directory), so a build that cannot
    /// run fails before it starts.
    private func configuredExecutor(_ spec: ExecutorSpec) async throws -> any Executor {
        switch spec.kind {
        case .local:
            guard let name = spec.user else { return LocalExecutor() }
            do {
                let user = try StageUser.resolve(name, searchPath: ProcessInfo.processInfo.environment["PATH"])
                return LocalExecutor(stageUser: user)
            } catch {
                throw RequestError(.failed, error.description)
            }
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
        var taxonomy: BuildTaxonomy.Prepared?
        var configDigest: String
        /// The build's last successful run, when there was one.
        var record: BuildRecord?
        /// The taxonomy commit changes were counted from.
        var previousCommit: String?
    }

    private func prepare(
        _ options: BuildOptions, config: BuildConfig, fetch: BuildTaxonomy.Fetch, writesSnapshot: Bool = true,
        note: @escaping @Sendable (String) -> Void
    ) async throws -> Prepared {
        guard let build = config.build(named: options.build) else {
            throw UnknownBuildError(name: options.build, known: config.builds.map(\.name))
        }
        if build.kind == .candidate {
            throw RequestError(
                .usage,
                "build \(build.name) is of kind candidate: it builds pull requests' candidates, not versions "
                    + "(modelbuild candidate <PR> --on \(build.name), or modelbuild schedule)")
        }
        let known = Set(config.stages.map(\.name))
        if case .stages(let names) = options.force {
            for name in names.sorted() where !known.contains(ForceSelection.stage(of: name)) {
                let stage = ForceSelection.stage(of: name)
                throw PlanningError(
                    "--force names unknown stage \"\(stage)\"\(Suggestion.didYouMean(stage, among: config.stages.map(\.name)))"
                        + " (stages: \(config.stages.map(\.name).joined(separator: ", ")))")
            }
        }
        let inBuild = Set(config.stages.filter { $0.runs(in: build) }.map(\.name))
        for target in options.targets.sorted() where !inBuild.contains(target) {
            throw PlanningError(
                known.contains(target)
                    ? "stage \"\(target)\" does not run in build \(build.name) (its only: leaves it out)"
                    : "--only/--until names unknown stage \"\(target)\" (stages: \(config.stages.map(\.name).joined(separator: ", ")))")
        }
        let previous = BuildRecord.load(build: build.name, state: state.path)
        var taxonomy: BuildTaxonomy.Prepared?
        if config.taxonomy != nil {
            let source = BuildTaxonomy(taxonomy: try ProjectTaxonomy(project: project, config: config))
            taxonomy = try await source.prepare(
                previous: previous?.taxonomyCommit, fetch: fetch, note: note,
                sameBuildBase: previous.map { ($0.taxonomyCommit, $0.previousTaxonomyCommit) }, pin: options.pin,
                onInvalid: config.taxonomy?.onInvalid ?? .default(for: build.kind), writesSnapshot: writesSnapshot,
                treeReads: options.treeReads)
        }
        if let prepared = taxonomy {
            taxonomy?.input.removedLeaves = removedLeaves(prepared.changes, build: build, config: config)
        }
        // The same leaves as the previous build (its very commit, or one no leaf changed
        // since) make the same build: it starts from the same model.
        let sameBuild = taxonomy.map { $0.head.hex == previous?.taxonomyCommit || $0.sameLeavesAsPrevious } ?? false
        let planner = JobPlanner(
            config: config, build: build, taxonomy: taxonomy?.input,
            baseModel: options.baseModel ?? baseModel(config, previous: previous, sameBuild: sameBuild),
            commands: commands)
        return Prepared(
            planner: planner, taxonomy: taxonomy, configDigest: configDigest(), record: previous,
            previousCommit: taxonomy?.previous)
    }

    /// The leaves `changes` removes, each with the per-leaf measures of the build's last
    /// published version (`<stage>.leaf.<path>.<measure>` → `<measure>`), so evaluate can
    /// list the capabilities the model may lose.
    private func removedLeaves(_ changes: LeafChanges, build: BuildSpec, config: BuildConfig) -> [StageContext.RemovedLeaf] {
        let removed = changes.leaves(.removed).map(\.path.text)
        guard !removed.isEmpty else { return [] }
        let last = (try? artifactLayout(config)).flatMap { try? ArtifactCatalog(layout: $0).summaries() }?
            .filter { $0.buildName == build.name }.max { $0.created < $1.created }
        return removed.map { path in
            var measures: [String: Double] = [:]
            for (name, value) in last?.metrics ?? [:] {
                if case .leaf(path, let measure) = MetricScope(metric: name), let dot = measure.firstIndex(of: ".") {
                    measures[String(measure[measure.index(after: dot)...])] = value
                }
            }
            return StageContext.RemovedLeaf(path: path, lastMetrics: measures)
        }
    }

    /// The digest of builds.yaml as it is now, recorded with each run.
    private func configDigest() -> String {
        (try? Data(contentsOf: URL(fileURLWithPath: project.configPath))).map { SHA256Digest.hex($0) } ?? ""
    }

    /// The model stages start from: the pinned base, or the previous build's trained model
    /// (when rebuilding the previous build's leaves, the model that build started from, so
    /// the rebuild is the same build). A trained model enters keys by its content digest,
    /// so a model retrained to the same bytes changes no key.
    private func baseModel(_ config: BuildConfig, previous: BuildRecord?, sameBuild: Bool) -> BaseModelInput? {
        switch config.model.base {
        case .pinned(let name, let uri, let sha256):
            let path = uri.flatMap { URL(string: $0) }.flatMap { $0.isFileURL ? $0.path : nil }
            return BaseModelInput(name: name, path: path, digest: sha256.map { "sha256:" + $0 } ?? (uri ?? name))
        case .previous:
            guard let key = sameBuild ? previous?.baseModelKey : previous?.modelKey,
                let store = try? state.openStore(), store.contains(key), let entry = try? store.entry(key),
                let path = try? store.directory(key)
            else { return BaseModelInput(name: "none", path: nil, digest: "none") }
            return BaseModelInput(
                name: "\(config.model.name) (\(previous?.runID ?? ""))", path: path, digest: "sha256:" + entry.contentDigest,
                storeKey: key)
        }
    }

    /// After a run: the key log learns the ingredients of every stage that built or was
    /// reused, so the next plan can say what changed.
    private func remember(_ planned: [PlannedJob], summary: RunSummary, keyLog: KeyLog) throws {
        var log = keyLog
        for job in planned where [.succeeded, .reused].contains(summary[job: job.job.id]?.state) {
            log.record(job.job.id, key: job.job.cacheKey, job.ingredients)
        }
        try log.save()
    }

    /// The build's record: its commit now counts as built. Written only once the version
    /// is published (or the build publishes nothing), so a run stopped before or during
    /// publishing — `--no-publish`, a failed gate, a full disk, a kill — leaves the commit
    /// to the next run.
    private func recordBuilt(_ planned: [PlannedJob], runID: String, options: BuildOptions, prepared: Prepared) throws {
        let model = planned.first { $0.stage == "train" }
        try BuildRecord(
            build: options.build, runID: runID, finished: Date(),
            taxonomyCommit: prepared.planner.taxonomy?.commit, previousTaxonomyCommit: prepared.previousCommit,
            modelKey: model?.job.cacheKey, baseModelKey: prepared.planner.baseModel?.storeKey,
            keys: Self.keys(of: planned)
        ).save(state: state.path)
    }

    /// Why the build has nothing to do, or nil when it runs: it plans exactly the keys of
    /// its last published run (a record from before keys were kept: the same commit). A
    /// forced or pinned build, or one without a taxonomy, always runs.
    private func upToDateReason(_ planned: [PlannedJob], prepared: Prepared, options: BuildOptions) -> String? {
        guard options.force == .none, options.pin == nil, !options.isPartial, let record = prepared.record,
            let head = prepared.planner.taxonomy?.commit, let built = record.taxonomyCommit
        else { return nil }
        if let same = record.plannedSameKeys(Self.keys(of: planned)) {
            guard same else { return nil }
        } else if head != built {
            return nil
        }
        if head == built {
            return "no new merged commits since \(built.prefix(12)) (built by run \(record.runID)); nothing to rebuild"
        }
        return "the taxonomy moved to \(head.prefix(12)) but no leaf changed since \(built.prefix(12)) "
            + "(built by run \(record.runID)), and every stage's key is that build's; nothing to rebuild"
    }
}
