import BuildConfiguration
import Runner

/// One stage instance of a build after planning: the job the runner runs, the
/// ingredients of its cache key, and whether it runs or is reused, and why.
public struct PlannedJob: Sendable {
    public enum Decision: Sendable, Hashable {
        /// Outputs with this key are in the store.
        case reuse
        /// Runs, for these reasons (`params.seed: 42 → 7`, `forced`, `not built before`).
        case run(reasons: [String])
    }

    /// A per-leaf instance of a leaf moved with its content unchanged, reusing what its
    /// instance at the old path made.
    public struct Move: Sendable, Hashable {
        /// The instance at the old path (`generate[a/old]`).
        public var instance: String
        /// Its cache key, whose outputs the instance reuses.
        public var key: String
    }

    public var job: Job
    /// The builds.yaml stage it is an instance of.
    public var stage: String
    public var ingredients: CacheKeyIngredients
    public var decision: Decision
    /// Set when the decision is `reuse` because the instance's leaf moved: the build
    /// stores the old instance's outputs under this job's key before it runs.
    public var movedFrom: Move?

    public init(job: Job, stage: String, ingredients: CacheKeyIngredients, decision: Decision) {
        self.job = job
        self.stage = stage
        self.ingredients = ingredients
        self.decision = decision
    }
}

extension PlannedJob {
    /// The leaf a per-leaf instance is of: `a/b` for `generate[a/b]`; nil for a stage.
    static func leaf(ofInstance name: String) -> String? {
        guard let open = name.firstIndex(of: "["), name.hasSuffix("]") else { return nil }
        return String(name[name.index(after: open)..<name.index(before: name.endIndex)])
    }
}

/// What to build even though it looks done.
public enum ForceSelection: Sendable, Hashable {
    /// Nothing: a build with no new merged commits does nothing.
    case none
    /// Build even with no new merged commits; stages reuse what is cached.
    case build
    /// Build, and rerun these stages (every instance of each) or single instances
    /// (`generate[compositional_skills/writing/haiku]`) even when cached.
    case stages(Set<String>)
    /// Build, and rerun every stage.
    case all

    /// Whether the stage, or the stage instance (`generate[leaf]`), is forced.
    func includes(_ stageOrInstance: String) -> Bool {
        switch self {
        case .none, .build: false
        case .all: true
        case .stages(let names): names.contains(stageOrInstance)
        }
    }

    /// The stage a `--force` name is or is an instance of: `generate` for `generate[leaf]`.
    static func stage(of name: String) -> String {
        name.firstIndex(of: "[").map { String(name[..<$0]) } ?? name
    }
}

/// Why a build could not be planned (a plugin that cannot be run, an unknown stage given
/// to `--force`).
public struct PlanningError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
