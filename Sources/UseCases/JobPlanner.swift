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
        var instances: [String: [Made]] = [:]
        var planned: [PlannedJob] = []
        let changedLeaves = Set(taxonomy?.changedLeaves ?? [])
        for name in StageGraph(stages).layers().flatMap({ $0 }) {
            guard let stage = byName[name] else { continue }
            guard let command = commands.command(for: stage) else {
                throw PlanningError("stage \(name): cannot resolve \(stage.implementation) to a command")
            }
            let dependencies = try dependencyDigests(stage)
            var made: [Made] = []
            for instance in expand(stage) {
                let upstream = stage.needs.flatMap { needed in
                    Self.upstream(of: instance, in: instances[needed] ?? [], pairedByLeaf: byName[needed]?.isPerLeaf == true)
                }
                var ingredients = CacheKeyIngredients(
                    implementation: command.implementation,
                    params: params(of: stage).merging(instance.params) { _, new in new },
                    inputs: command.reads.contains(.inputs)
                        ? Dictionary(upstream.map { ($0.id, $0.key) }, uniquingKeysWith: { first, _ in first }) : [:],
                    taxonomy: taxonomyIngredient(stage, reads: command.reads, leaf: instance.leaf),
                    baseModel: command.reads.contains(.baseModel) ? baseModel?.digest : nil)
                ingredients.dependencies = dependencies
                let key = ingredients.key
                let moved = movedFrom(instance, stage: stage, ingredients: ingredients, upstream: upstream)
                var job = Job(
                    id: instance.id, needs: upstream.map(\.id), command: command.arguments,
                    resources: stage.resources, timeout: stage.timeout,
                    gracePeriod: stage.grace ?? config.executor.grace,
                    retry: RetryPolicy(attempts: stage.retry.attempts, backoff: stage.retry.backoff),
                    cacheKey: key, secrets: stage.secrets,
                    context: context(
                        stage, instanceID: instance.id, leaf: instance.leaf, params: ingredients.params,
                        changedLeaves: changedLeaves))
                job.project = commands.projectRoot
                if case .builtin = stage.implementation { job.readsInPlace = true }
                var decision = decide(
                    job: instance.id, stage: name, key: key, ingredients: ingredients, force: force,
                    isStored: isStored, previous: previous)
                var reusedMove: PlannedJob.Move?
                if let moved, case .run = decision, !force.includes(name), !force.includes(instance.id),
                    isStored(moved.key)
                {
                    decision = .reuse
                    reusedMove = moved
                }
                var plannedJob = PlannedJob(job: job, stage: name, ingredients: ingredients, decision: decision)
                plannedJob.movedFrom = reusedMove
                planned.append(plannedJob)
                made.append(Made(id: instance.id, key: key, leaf: instance.leaf, keyBeforeMove: moved?.key))
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

    /// A planned instance, as the stages that need it see it.
    private struct Made {
        var id: String
        var key: String
        var leaf: String?
        /// For an instance of a moved leaf, the key it had at the leaf's old path.
        var keyBeforeMove: String?
    }

    /// For a per-leaf instance of a leaf moved with its content unchanged: the instance at
    /// the old path and the key it had there (the same ingredients under the old path, its
    /// per-leaf inputs by their own keys before the move). Nil for anything else, and for
    /// a stage that reads other instances than its leaf's, whose inputs the move changed.
    private func movedFrom(
        _ instance: Instance, stage: StageSpec, ingredients: CacheKeyIngredients, upstream: [Made]
    ) -> PlannedJob.Move? {
        guard let leaf = instance.leaf, let old = taxonomy?.moves[leaf] else { return nil }
        var before = ingredients
        before.taxonomy = ["leaf " + old: ingredients.taxonomy["leaf " + leaf] ?? ""]
        if !before.inputs.isEmpty {
            var inputs: [String: String] = [:]
            for made in upstream {
                guard made.leaf == leaf, let key = made.keyBeforeMove else { return nil }
                inputs[Self.instanceID(made.id, leaf: leaf, replacedBy: old)] = key
            }
            before.inputs = inputs
        }
        return PlannedJob.Move(instance: Self.instanceID(instance.id, leaf: leaf, replacedBy: old), key: before.key)
    }

    /// `generate[a/new]` → `generate[a/old]`.
    private static func instanceID(_ id: String, leaf: String, replacedBy old: String) -> String {
        String(id.dropLast(leaf.count + 2)) + "[" + old + "]"
    }

    /// The instances of a needed stage that `instance` reads: all of them, except that a
    /// per-leaf instance needing a per-leaf stage reads only that stage's instance of
    /// its own leaf (`safety[a/b]` reads `generate[a/b]`), so a change to one leaf
    /// reruns one instance downstream, not all of them.
    private static func upstream(of instance: Instance, in needed: [Made], pairedByLeaf: Bool) -> [Made] {
        guard pairedByLeaf, let leaf = instance.leaf else { return needed }
        return needed.filter { $0.leaf == leaf }
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

    /// The contents of the project files the stage declares in `deps:`; nil when it
    /// declares none (or the project folder is unknown).
    private func dependencyDigests(_ stage: StageSpec) throws(PlanningError) -> [String: String]? {
        guard !stage.deps.isEmpty, let root = commands.projectRoot else { return nil }
        return try ProjectDependencies(root: root).digests(stage.deps, stage: stage.name)
    }

    /// A per-leaf instance's own leaf always (it is what the instance is); otherwise the
    /// folder trees and the changed-leaf list, when the stage reads the taxonomy.
    private func taxonomyIngredient(_ stage: StageSpec, reads: Set<StageRead>, leaf: String?) -> [String: String] {
        guard let taxonomy else { return [:] }
        if let leaf { return ["leaf " + leaf: taxonomy.leaves[leaf] ?? ""] }
        guard reads.contains(.taxonomy) else {
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

    /// What the instance receives: a per-leaf instance its own leaf (and in
    /// `changedLeaves` only that leaf, when it changed), never the whole change list, which
    /// the context names as a shared file instead; writing it into each of 66,000 contexts
    /// cost the square of the taxonomy in time and disk.
    private func context(
        _ stage: StageSpec, instanceID: String, leaf: String?, params: [String: JSONValue], changedLeaves: Set<String>
    ) -> StageContext {
        StageContext(
            runID: "", stage: instanceID, attempt: 0,
            build: .init(name: build.name, kind: build.kind.rawValue, version: version, model: config.model.name),
            params: params, output: "",
            taxonomy: taxonomy.map {
                .init(
                    commit: $0.commit, path: $0.snapshotPath,
                    changedLeaves: leaf.map { changedLeaves.contains($0) ? [$0] : [] } ?? $0.changedLeaves, leaf: leaf,
                    removedLeaves: $0.removedLeaves.isEmpty ? nil : $0.removedLeaves, changedLeavesFile: $0.changedLeavesFile)
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
