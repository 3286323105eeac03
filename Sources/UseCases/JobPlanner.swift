import Foundation
import BuildConfiguration
import Platform
import Runner
import StageProtocol

/// Turns a build's stages into the runner's jobs: expands `foreach`, computes each
/// instance's cache key from its ingredients (in dependency order, since a key includes
/// its inputs' keys), and decides run or reuse with the reason. Deciding only; the
/// scheduler does.
public struct JobPlanner: Sendable {
    public var config: BuildConfig
    public var build: BuildSpec
    public var taxonomy: TaxonomyInput?
    public var baseModel: BaseModelInput?
    public var commands: StageCommandResolver
    /// The build's version, when known.
    public var version: String?

    public init(
        config: BuildConfig, build: BuildSpec, taxonomy: TaxonomyInput?, baseModel: BaseModelInput?,
        commands: StageCommandResolver, version: String? = nil
    ) {
        self.config = config
        self.build = build
        self.taxonomy = taxonomy
        self.baseModel = baseModel
        self.commands = commands
        self.version = version
    }

    /// The planned jobs in dependency order; with `targets`, only those stages and the
    /// stages they need (a partial build).
    public func plan(
        force: ForceSelection = .none, isStored: (String) -> Bool = { _ in false },
        previous: KeyLog = KeyLog(), targets: Set<String> = []
    ) throws(PlanningError) -> [PlannedJob] {
        var stages = config.stages.filter { $0.runs(in: build) }
        if !targets.isEmpty {
            let wanted = StageGraph(stages).upstreamClosure(of: targets)
            stages = stages.filter { wanted.contains($0.name) }
        }
        let byName = Dictionary(stages.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var instances: [String: [(id: String, key: String)]] = [:]
        var planned: [PlannedJob] = []
        for name in StageGraph(stages).layers().flatMap({ $0 }) {
            guard let stage = byName[name] else { continue }
            guard let command = commands.command(for: stage) else {
                throw PlanningError("stage \(name): cannot resolve \(stage.implementation) to a command")
            }
            let upstream = stage.needs.flatMap { instances[$0] ?? [] }
            let dependencies = try dependencyDigests(stage)
            var made: [(id: String, key: String)] = []
            for instance in expand(stage) {
                var ingredients = CacheKeyIngredients(
                    implementation: command.implementation,
                    params: params(of: stage).merging(instance.params) { _, new in new },
                    inputs: readsInputs(stage)
                        ? Dictionary(upstream.map { ($0.id, $0.key) }, uniquingKeysWith: { first, _ in first }) : [:],
                    taxonomy: taxonomyIngredient(stage, leaf: instance.leaf),
                    baseModel: readsBaseModel(stage) ? baseModel?.digest : nil)
                ingredients.dependencies = dependencies
                let key = ingredients.key
                var job = Job(
                    id: instance.id, needs: upstream.map(\.id), command: command.arguments,
                    resources: stage.resources, timeout: stage.timeout,
                    gracePeriod: stage.grace ?? config.executor.grace,
                    retry: RetryPolicy(attempts: stage.retry.attempts, backoff: stage.retry.backoff),
                    cacheKey: key, secrets: stage.secrets,
                    context: context(stage, instanceID: instance.id, leaf: instance.leaf, params: ingredients.params))
                job.project = commands.projectRoot
                let decision = decide(
                    job: instance.id, stage: name, key: key, ingredients: ingredients, force: force,
                    isStored: isStored, previous: previous)
                planned.append(PlannedJob(job: job, stage: name, ingredients: ingredients, decision: decision))
                made.append((instance.id, key))
            }
            instances[name] = made
        }
        return planned
    }

    /// The stage's `with:`, and for `builtin/validate` the validation mode of
    /// `taxonomy.mode` when it is not ilab's and `with:` names none (ilab's is the
    /// stage's default, so the keys of builds that never set a mode stay as they were).
    private func params(of stage: StageSpec) -> [String: JSONValue] {
        let mode = BuiltinStageParameters.Validate.mode.name
        guard case .builtin(.validate) = stage.implementation, stage.params[mode] == nil,
            let configured = config.taxonomy?.mode, configured != .ilab
        else { return stage.params }
        return stage.params.merging([mode: .string(configured.rawValue)]) { given, _ in given }
    }

    private struct Instance {
        var id: String
        var leaf: String?
        var params: [String: JSONValue] = [:]
    }

    private func expand(_ stage: StageSpec) -> [Instance] {
        switch stage.foreach {
        case nil:
            return [Instance(id: stage.name)]
        case .items(let items):
            return items.map { Instance(id: "\(stage.name)[\($0)]", params: ["item": .string($0)]) }
        case .leaves:
            return (taxonomy?.leaves.keys.sorted() ?? []).map { Instance(id: "\(stage.name)[\($0)]", leaf: $0) }
        case .changedLeaves:
            return (taxonomy?.changedLeaves ?? []).map { Instance(id: "\(stage.name)[\($0)]", leaf: $0) }
        }
    }

    /// Built-in validate and generate read the taxonomy, not their inputs: they need
    /// their upstream stages for order only, so an upstream change does not rerun them
    /// (validate's report changing must not regenerate every leaf). Every other stage
    /// may read its inputs.
    private func readsInputs(_ stage: StageSpec) -> Bool {
        if case .builtin(let builtin) = stage.implementation { return builtin == .train || builtin == .evaluate }
        return true
    }

    /// Built-in train and evaluate read only their inputs and the base model; every
    /// other stage may read the taxonomy.
    private func readsTaxonomy(_ stage: StageSpec) -> Bool {
        if case .builtin(let builtin) = stage.implementation { return builtin == .validate || builtin == .generate }
        return true
    }

    private func readsBaseModel(_ stage: StageSpec) -> Bool {
        if case .builtin(let builtin) = stage.implementation { return builtin == .train || builtin == .evaluate }
        return true
    }

    /// The contents of the project files the stage declares in `deps:`; nil when it
    /// declares none (or the project folder is unknown).
    private func dependencyDigests(_ stage: StageSpec) throws(PlanningError) -> [String: String]? {
        guard !stage.deps.isEmpty, let root = commands.projectRoot else { return nil }
        return try ProjectDependencies(root: root).digests(stage.deps, stage: stage.name)
    }

    private func taxonomyIngredient(_ stage: StageSpec, leaf: String?) -> [String: String] {
        guard let taxonomy else { return [:] }
        if let leaf { return ["leaf " + leaf: taxonomy.leaves[leaf] ?? ""] }
        guard readsTaxonomy(stage) else {
            // Built-in evaluate lists the removed leaves with their last scores.
            guard case .builtin(.evaluate) = stage.implementation, !taxonomy.removedLeaves.isEmpty else { return [:] }
            return ["removed leaves": SHA256Digest.hex(JSONWriter.document(removedLeavesJSON(taxonomy.removedLeaves)))]
        }
        var ingredient = Dictionary(uniqueKeysWithValues: taxonomy.folderTrees.map { ("folder " + $0.key, $0.value) })
        let changed = taxonomy.changedLeaves.joined(separator: "\n")
        ingredient["changed leaves"] = SHA256Digest.hex(changed.utf8)
        return ingredient
    }

    private func removedLeavesJSON(_ leaves: [StageContext.RemovedLeaf]) -> JSONValue {
        .array(leaves.map { .object(["path": .string($0.path), "lastMetrics": .object($0.lastMetrics.mapValues(JSONValue.number))]) })
    }

    private func context(
        _ stage: StageSpec, instanceID: String, leaf: String?, params: [String: JSONValue]
    ) -> StageContext {
        StageContext(
            runID: "", stage: instanceID, attempt: 0,
            build: .init(name: build.name, kind: build.kind.rawValue, version: version, model: config.model.name),
            params: params, output: "",
            taxonomy: taxonomy.map {
                .init(
                    commit: $0.commit, path: $0.snapshotPath, changedLeaves: $0.changedLeaves, leaf: leaf,
                    removedLeaves: $0.removedLeaves.isEmpty ? nil : $0.removedLeaves)
            },
            baseModel: baseModel.map { .init(name: $0.name, path: $0.path, sha256: $0.digest) })
    }

    private func decide(
        job: String, stage: String, key: String, ingredients: CacheKeyIngredients, force: ForceSelection,
        isStored: (String) -> Bool, previous: KeyLog
    ) -> PlannedJob.Decision {
        if force.includes(stage) || force.includes(job) { return .run(reasons: ["forced"]) }
        if isStored(key) { return .reuse }
        guard let before = previous[job] else { return .run(reasons: ["not built before"]) }
        let reasons = KeyChange.explain(from: before, to: ingredients)
        return .run(reasons: reasons.isEmpty ? ["outputs not in the store"] : reasons)
    }
}
