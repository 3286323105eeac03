import Artifacts
import BuildConfiguration
import Foundation
import Git
import Platform
import Runner
import Stages
import Store
import Taxonomy

/// What `modelbuild candidate` was asked to do.
public struct CandidateOptions: Sendable {
    /// The pull requests, by number, built together.
    public var pullRequests: [Int]
    /// The build whose latest published version is the base; nil: `nightly`, else the
    /// only nightly-kind build.
    public var on: String?
    /// Also build each pull request alone, and report leaves scored differently.
    public var each: Bool
    /// Publish the candidate under `artifacts/<model>/candidates/`.
    public var publish: Bool

    public init(pullRequests: [Int], on: String? = nil, each: Bool = false, publish: Bool = true) {
        self.pullRequests = pullRequests
        self.on = on
        self.each = each
        self.publish = publish
    }
}

/// What a candidate build left: its report, where the report was written, and where the
/// candidate was published.
public struct CandidateOutcome: Sendable {
    public var report: CandidateReport
    /// `.modelbuild/candidates/<id>/`, holding report.json and report.md.
    public var reportDirectory: String
    /// `artifacts/<model>/candidates/<id>/`, when published.
    public var published: String?
}

/// A candidate build: the pull requests merged in memory into the taxonomy commit of the
/// latest published version of a build, built incrementally on top of that version with
/// the build's own stages (the very cache keys its next nightly will plan, so a pull
/// request merged unchanged reuses the candidate's stages), then judged against it. It
/// never records a build, moves a ref or publishes a version.
public struct CandidateSession: Sendable {
    /// The session whose project, stage commands and executor the candidate uses.
    public let builds: BuildSession

    public init(builds: BuildSession) {
        self.builds = builds
    }

    /// Builds and judges the candidate (and with `each`, every pull request alone), writes
    /// its report, and publishes it unless told not to. Stage events go to `onEvent`, other
    /// lines to `note`.
    public func run(
        _ options: CandidateOptions, config: BuildConfig,
        onEvent: @escaping @Sendable (JournalRecord) -> Void = { _ in },
        note: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> CandidateOutcome {
        guard !options.pullRequests.isEmpty else {
            throw RequestError(.usage, "name at least one pull request by number (modelbuild candidate 42)")
        }
        let build = try Self.baseBuild(options.on, config: config)
        let layout = try builds.artifactLayout(config)
        let base = try Self.latestVersion(of: build, layout: layout)
        let taxonomy = try ProjectTaxonomy(project: builds.project, config: config)
        _ = try await taxonomy.synchronize()
        let heads = try await taxonomy.sync.fetchPullRequests(PullRequestRefs(pattern: taxonomy.spec.pullRequests))
        for number in options.pullRequests where heads[number] == nil {
            let open = heads.keys.sorted().prefix(20).map { "#\($0)" }.joined(separator: ", ")
            throw RequestError(
                .usage,
                "no pull request #\(number) at \(PullRequestRefs(pattern: taxonomy.spec.pullRequests).reference(number)) in \(taxonomy.spec.url)"
                    + (open.isEmpty ? " (it has no pull requests)" : " (it has \(open))"))
        }
        let baseModel = CandidateBaseModel(
            config: config, build: build, layout: layout, version: base.version)
        defer { baseModel.cancel() }
        let judgement = try await judge(
            options.pullRequests, heads: heads, build: build, base: base, baseModel: baseModel, config: config,
            taxonomy: taxonomy, onEvent: onEvent, note: note)
        var report = judgement.report
        if options.each, options.pullRequests.count > 1, report.candidateCommit != nil {
            for number in options.pullRequests where report.pullRequests.first(where: { $0.number == number })?.verdict != .conflict {
                note("--each: building #\(number) alone")
                let alone = try await judge(
                    [number], heads: heads, build: build, base: base, baseModel: baseModel, config: config,
                    taxonomy: taxonomy, onEvent: onEvent, note: note
                ).report
                report.interference += Self.interference(alone: alone, together: report, pullRequest: number)
            }
        }
        let directory = builds.project.stateDirectory.appendingPathComponent("candidates/\(report.id)").path
        try CandidateFiles.writeReports(report, to: directory)
        var published: String?
        if options.publish {
            published = try CandidateFiles(layout: layout).publish(
                report, modelKey: judgement.modelKey, leafStageKeys: judgement.leafStageKeys,
                store: try builds.state.openStore(), model: config.model.name)
        }
        return CandidateOutcome(report: report, reportDirectory: directory, published: published)
    }

    /// The build `--on` names; without it `nightly`, else the only nightly-kind build.
    static func baseBuild(_ name: String?, config: BuildConfig) throws -> BuildSpec {
        if let name {
            guard let build = config.build(named: name) else {
                throw UnknownBuildError(name: name, known: config.builds.map(\.name))
            }
            // A candidate build names the build its candidates start from (checked when
            // builds.yaml loads: never another candidate build).
            if build.kind == .candidate { return try baseBuild(build.base, config: config.withoutCandidateBuilds) }
            return build
        }
        let config = config.withoutCandidateBuilds
        if let nightly = config.build(named: "nightly") { return nightly }
        let nightlies = config.builds.filter { $0.kind == .nightly }
        guard nightlies.count == 1, let only = nightlies.first else {
            throw RequestError(
                .usage,
                "builds.yaml has no build named nightly and \(nightlies.isEmpty ? "no" : "several") nightly builds; say which with --on <build>")
        }
        return only
    }

    /// The newest version `build` published.
    static func latestVersion(of build: BuildSpec, layout: ArtifactLayout) throws -> VersionSummary {
        let versions = try ArtifactCatalog(layout: layout).summaries().filter { $0.buildName == build.name }
        guard let latest = versions.max(by: { ($0.created, $0.version) < ($1.created, $1.version) }) else {
            throw RequestError(
                .failed,
                "build \(build.name) has published no version in \(layout.root) yet; a candidate builds on one (run modelbuild build \(build.name) first)")
        }
        return latest
    }

    /// Builds one candidate of `numbers` and judges each pull request in it. `baseModel` is
    /// the session's, read in the background from the precheck's stages on.
    private func judge(
        _ numbers: [Int], heads: [Int: ObjectID], build: BuildSpec, base: VersionSummary,
        baseModel: CandidateBaseModel, config: BuildConfig,
        taxonomy: ProjectTaxonomy, onEvent: @escaping @Sendable (JournalRecord) -> Void,
        note: @escaping @Sendable (String) -> Void
    ) async throws -> CandidateJudgement {
        let repository = try taxonomy.sync.openMirror()
        let baseCommit: ObjectID
        do {
            baseCommit = try repository.resolveCommit(base.taxonomyCommit)
        } catch {
            throw RequestError(
                .failed,
                "\(base.version)'s taxonomy commit \(base.taxonomyCommit.prefix(12)) is not in the mirror (history rewritten?): \(error.message)")
        }
        var pullRequests: [CandidatePullRequest] = []
        for number in numbers {
            guard let head = heads[number] else { continue }
            pullRequests.append(
                try await CandidatePullRequest.read(
                    number, head: head, base: baseCommit, in: repository, folders: taxonomy.spec.folders))
        }
        let valid = pullRequests.filter(\.problems.isEmpty)
        let (candidate, conflicts) = try CandidateMerge.merge(
            valid, into: baseCommit, baseVersion: base.version, in: repository)
        var judgement = CandidateJudgement(
            id: Self.candidateID(pullRequests), base: base, build: build, policy: config.candidates,
            pullRequests: pullRequests, conflicts: conflicts, candidateCommit: candidate?.hex)
        guard let candidate else { return judgement }
        let merged = valid.filter { conflicts[$0.number] == nil }

        let lock = try BuildLock.acquire(build: "candidate-" + judgement.id, in: builds.state)
        defer { lock.release() }
        var options = BuildOptions(build: build.name, publish: false)
        options.pin = TaxonomyPin(commit: candidate.hex, previous: base.taxonomyCommit)
        options.heldBuildLock = lock
        options.recordsBuild = false
        options.fetchesTaxonomy = false
        options.candidate = judgement.id
        options.treeReads = TaxonomyTreeReads()
        let store = try builds.state.openStore()
        let scoring = CandidateScoring(config: config, build: build, store: store)
        let layout = try builds.artifactLayout(config)
        let scored = Set(merged.flatMap(\.scoredLeaves))

        // Precheck: the base model on the pull requests' own held-out questions, before training.
        let generate = Set(scoring.stages(.generate).map(\.name))
        var precheckScores: [CandidateReport.LeafScores] = []
        if !generate.isEmpty, !scored.isEmpty {
            var precheck = options
            precheck.targets = generate
            // The base model is read while the generate stages run: their processes leave
            // this one's cores free, where during the run's setup it took them from
            // writing the snapshot and planning.
            let (run, planned) = try await runStages(
                precheck, config: config, id: judgement.id,
                onEvent: { record in
                    baseModel.start()
                    onEvent(record)
                }, note: note)
            judgement.runs.append(run)
            judgement.leafStageKeys = Self.leafStageKeys(planned, of: merged)
            let questions = try scoring.heldOutQuestions(planned, leaves: scored)
            precheckScores = CandidateScoring.scores(answering: try await baseModel.answering(), questions: questions)
            judgement.precheck(precheckScores)
            if merged.allSatisfy({ judgement.isDecided($0.number) }) { return judgement }
        }

        let (run, planned) = try await runStages(options, config: config, id: judgement.id, onEvent: onEvent, note: note)
        judgement.runs.append(run)
        judgement.leafStageKeys = Self.leafStageKeys(planned, of: merged)
        let entries = try Self.stageEntries(planned, store: store)
        judgement.metrics = Self.stageMetrics(entries)
        judgement.gates = try Self.gates(build, metrics: judgement.metrics, layout: layout)
        guard let model = try scoring.trainedModelDirectory(planned), !generate.isEmpty else {
            judgement.unscored("built; build \(build.name) has no builtin/train and builtin/generate stages to score leaves with")
            return judgement
        }
        // The evaluate stage already answered every held-out question with the candidate;
        // the base version's manifest holds its own per-leaf scores on the same questions
        // (same generate keys), and the precheck scored the pull requests' new ones.
        if let scores = scoring.evaluatedScores(entries, base: base, precheck: precheckScores) {
            judgement.trained(scores)
        } else {
            judgement.trained(
                CandidateScoring.scores(
                    model: try QAModel.load(from: model),
                    base: try await baseModel.model(),
                    questions: try scoring.heldOutQuestions(planned, leaves: nil)))
        }
        judgement.modelKey = planned.first { Set(scoring.stages(.train).map(\.name)).contains($0.stage) }?.job.cacheKey
        return judgement
    }

    /// Runs the candidate's stages and hands back its run and the jobs it planned (their
    /// keys are what a plan of the same options says, so the candidate never plans twice);
    /// a failed stage fails the candidate, naming its run.
    private func runStages(
        _ options: BuildOptions, config: BuildConfig, id: String,
        onEvent: @escaping @Sendable (JournalRecord) -> Void, note: @escaping @Sendable (String) -> Void
    ) async throws -> (runID: String, planned: [PlannedJob]) {
        let (outcome, planned) = try await builds.runPlanned(options, config: config, onEvent: onEvent) { line in
            if !line.hasPrefix("a partial build") { note(line) }
        }
        guard case .ran(let runID, let summary, _) = outcome else {
            throw RequestError(.failed, "candidate \(id): the build did not run")
        }
        guard summary.status == .succeeded else {
            throw RequestError(
                .failed,
                "candidate \(id): run \(runID) did not succeed (\(summary.status?.rawValue ?? "unfinished")); see modelbuild logs \(runID)")
        }
        return (runID, planned)
    }

    /// `pr-<N>[-<N>…]-<short head>`: the head of a single pull request, a digest of the
    /// heads of several.
    static func candidateID(_ pullRequests: [CandidatePullRequest]) -> String {
        let numbers = pullRequests.map { String($0.number) }.joined(separator: "-")
        let short =
            pullRequests.count == 1
            ? String(pullRequests[0].head.hex.prefix(8))
            : String(SHA256Digest.hex(pullRequests.map(\.head.hex).joined(separator: "\n").utf8).prefix(8))
        return "pr-\(numbers)-\(short)"
    }

    /// Each pull request's own per-leaf stage instances (`generate[<leaf>]` of the leaves
    /// it adds or changes) and their cache keys: what a nightly that merged it unchanged
    /// plans again (`CandidateConfirmation`).
    static func leafStageKeys(_ planned: [PlannedJob], of pullRequests: [CandidatePullRequest]) -> [Int: [String: String]] {
        var keys: [Int: [String: String]] = [:]
        for pullRequest in pullRequests {
            let leaves = Set(pullRequest.scoredLeaves)
            for job in planned {
                guard let leaf = PlannedJob.leaf(ofInstance: job.job.id), leaves.contains(leaf) else { continue }
                keys[pullRequest.number, default: [:]][job.job.id] = job.job.cacheKey
            }
        }
        return keys
    }

    /// The stored entries of the candidate's stages that are not per-leaf or per-item, by
    /// stage: read once, for its metrics and its evaluate stage's per-leaf scores.
    static func stageEntries(_ planned: [PlannedJob], store: OutputStore) throws -> [String: StoreEntry] {
        var entries: [String: StoreEntry] = [:]
        for job in planned where job.job.id == job.stage {
            guard let entry = try store.entry(job.job.cacheKey) else { continue }
            entries[job.stage] = entry
        }
        return entries
    }

    /// The candidate's stage metrics, named as a published version names them.
    static func stageMetrics(_ entries: [String: StoreEntry]) -> [String: Double] {
        var metrics: [String: Double] = [:]
        for (stage, entry) in entries {
            for (name, value) in entry.metrics { metrics[stage + "." + name] = value }
        }
        return metrics
    }

    /// The build's gates on the candidate's metrics, against the previous release.
    static func gates(_ build: BuildSpec, metrics: [String: Double], layout: ArtifactLayout) throws -> [CandidateReport.Gate] {
        guard !build.gates.isEmpty else { return [] }
        let previous = try ArtifactCatalog(layout: layout).previousRelease()
        return build.gates.map { spec in
            let gate: ReleaseGate =
                switch spec {
                case .threshold(let metric, let min, let max): .threshold(metric: metric, min: min, max: max)
                case .noRegression(let metric): .noRegression(metric: metric)
                }
            let refusal = GateEvaluation.refusals(of: [gate], metrics: metrics, previousRelease: previous).first
            return CandidateReport.Gate(
                metric: gate.metric, passed: refusal == nil,
                message: refusal?.message ?? "\(gate.metric) = \(metrics[gate.metric].map(CandidateReport.fixed) ?? "?")")
        }
    }

    /// Leaves of `pullRequest` whose F1 alone and together differ by more than a rounding.
    static func interference(
        alone: CandidateReport, together: CandidateReport, pullRequest: Int
    ) -> [CandidateReport.Interference] {
        let together = Dictionary(together.changedLeaves.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        return alone.changedLeaves.compactMap { leaf in
            guard let other = together[leaf.path] else { return nil }
            let aloneF1 = leaf.after["f1"] ?? 0
            let togetherF1 = other.after["f1"] ?? 0
            guard abs(aloneF1 - togetherF1) > 0.0005 else { return nil }
            return .init(path: leaf.path, pullRequest: pullRequest, aloneF1: aloneF1, togetherF1: togetherF1)
        }
    }
}

extension BuildConfig {
    /// The configuration without its builds of kind `candidate`, which publish no versions.
    fileprivate var withoutCandidateBuilds: BuildConfig {
        var config = self
        config.builds.removeAll { $0.kind == .candidate }
        return config
    }
}
