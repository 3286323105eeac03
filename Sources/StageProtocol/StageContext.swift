/// What modelbuild hands a stage process: the contents of `context.json`, whose path is in
/// the `MODELBUILD_CONTEXT` environment variable. Built-in and plugin stages read the same
/// file, so anything proven on one holds for all. Paths are absolute.
public struct StageContext: Sendable, Hashable, Codable {
    /// Bumped when a field changes meaning; stages refuse a version they do not know.
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    public var runID: String
    /// The stage instance's name: `generate`, or `generate[knowledge/science/birds]` for a
    /// `foreach` instance.
    public var stage: String
    /// 1 for the first attempt, 2 for the first retry, and so on.
    public var attempt: Int
    public var build: BuildInfo
    /// The stage's `with:` from builds.yaml, after plugin defaults are applied.
    public var params: [String: JSONValue]
    /// Upstream stage instance name → its output directory (read-only).
    public var inputs: [String: String]
    /// The only directory the stage may write; `result.json` goes here.
    public var output: String
    public var taxonomy: TaxonomyInfo?
    public var baseModel: BaseModelInfo?

    public init(
        schemaVersion: Int = StageContext.currentSchemaVersion, runID: String, stage: String,
        attempt: Int, build: BuildInfo, params: [String: JSONValue] = [:],
        inputs: [String: String] = [:], output: String, taxonomy: TaxonomyInfo? = nil,
        baseModel: BaseModelInfo? = nil
    ) {
        self.schemaVersion = schemaVersion
        self.runID = runID
        self.stage = stage
        self.attempt = attempt
        self.build = build
        self.params = params
        self.inputs = inputs
        self.output = output
        self.taxonomy = taxonomy
        self.baseModel = baseModel
    }

    /// The build this stage belongs to.
    public struct BuildInfo: Sendable, Hashable, Codable {
        /// The build's name in builds.yaml (`nightly`).
        public var name: String
        /// `nightly`, `release`, or another kind a build declares.
        public var kind: String
        /// The version being built (`nightly-2026-11-27`), when known.
        public var version: String?
        /// `model.name`.
        public var model: String

        public init(name: String, kind: String, version: String?, model: String) {
            self.name = name
            self.kind = kind
            self.version = version
            self.model = model
        }
    }

    /// The taxonomy snapshot the build reads.
    public struct TaxonomyInfo: Sendable, Hashable, Codable {
        public var commit: String
        /// A read-only tree holding the configured taxonomy folders at `commit`.
        public var path: String
        /// Leaf paths (`knowledge/science/birds`) changed since the previous build.
        public var changedLeaves: [String]
        /// For a `foreach` instance, the leaf it runs for.
        public var leaf: String?
        /// Leaves removed since the previous build, with the metrics the last published
        /// version measured on them; absent when none was removed.
        public var removedLeaves: [RemovedLeaf]?

        public init(
            commit: String, path: String, changedLeaves: [String], leaf: String? = nil, removedLeaves: [RemovedLeaf]? = nil
        ) {
            self.commit = commit
            self.path = path
            self.changedLeaves = changedLeaves
            self.leaf = leaf
            self.removedLeaves = removedLeaves
        }
    }

    /// A leaf removed from the taxonomy since the previous build: a capability the model
    /// may lose.
    public struct RemovedLeaf: Sendable, Hashable, Codable {
        /// The leaf's path (`knowledge/science/birds`).
        public var path: String
        /// Its per-leaf measures in the last published version (`f1`, `exact_match`, …,
        /// as the evaluate stage names them under `leaf.<path>.`); empty when that version
        /// measured none.
        public var lastMetrics: [String: Double]

        public init(path: String, lastMetrics: [String: Double]) {
            self.path = path
            self.lastMetrics = lastMetrics
        }
    }

    /// The model the build starts from.
    public struct BaseModelInfo: Sendable, Hashable, Codable {
        public var name: String
        /// A local directory holding the model's files, when there is one.
        public var path: String?
        public var sha256: String?

        public init(name: String, path: String?, sha256: String?) {
            self.name = name
            self.path = path
            self.sha256 = sha256
        }
    }
}
