import StageProtocol

/// One entry of `stages:` — what runs, after what, with which parameters and limits.
public struct StageSpec: Sendable, Hashable {
    /// `[a-z][a-z0-9_-]*`, unique in the file.
    public var name: String
    public var implementation: StageImplementation
    /// Stages that must succeed first.
    public var needs: [String]
    /// `with:` — parameters handed to the stage in `context.json`.
    public var params: [String: JSONValue]
    /// Resource units held while the stage runs (`gpu: 1`).
    public var resources: [String: Int]
    public var timeout: Duration?
    /// The time between SIGTERM and SIGKILL when the stage is stopped (a timeout, a
    /// cancelled build); nil means `executor.grace`.
    public var grace: Duration?
    public var retry: RetrySpec
    /// Build names or kinds this stage runs for; empty means every build.
    public var only: [String]
    /// One instance per leaf (or per listed item) instead of one stage.
    public var foreach: Foreach?
    /// Environment variables passed from modelbuild's environment to this stage only.
    public var secrets: [String]
    /// `deps:` — project files (paths or globs under the folder holding builds.yaml) the
    /// stage reads; their contents are part of its cache key.
    public var deps: [String] = []

    public init(
        name: String, implementation: StageImplementation, needs: [String] = [],
        params: [String: JSONValue] = [:], resources: [String: Int] = [:], timeout: Duration? = nil,
        grace: Duration? = nil, retry: RetrySpec = .none, only: [String] = [], foreach: Foreach? = nil,
        secrets: [String] = []
    ) {
        self.name = name
        self.implementation = implementation
        self.needs = needs
        self.params = params
        self.resources = resources
        self.timeout = timeout
        self.grace = grace
        self.retry = retry
        self.only = only
        self.foreach = foreach
        self.secrets = secrets
    }

    /// Whether the stage runs one instance per leaf (`foreach: leaves` or `changed_leaves`).
    public var isPerLeaf: Bool {
        switch foreach {
        case .leaves, .changedLeaves: true
        case .items, nil: false
        }
    }

    /// Whether the stage takes part in `build`.
    public func runs(in build: BuildSpec) -> Bool {
        only.isEmpty || only.contains(build.name) || only.contains(build.kind.rawValue)
    }
}

/// What a stage runs.
public enum StageImplementation: Sendable, Hashable, CustomStringConvertible {
    /// `uses: builtin/train` — a stage compiled into modelbuild.
    case builtin(BuiltinStage)
    /// `uses: safety-scan` — the plugin in `plugins/safety-scan/`.
    case plugin(String)
    /// `run: [sh, -c, …]` — a plain command (`run: "text"` is `[sh, -c, text]`).
    case command([String])

    public var description: String {
        switch self {
        case .builtin(let stage): "builtin/\(stage.rawValue)"
        case .plugin(let name): name
        case .command(let arguments): arguments.joined(separator: " ")
        }
    }
}

/// The stages compiled into modelbuild.
public enum BuiltinStage: String, Sendable, Hashable, CaseIterable {
    case validate, generate, train, evaluate
}

/// `retry:` — attempts in all (the first included) and the wait before the first retry,
/// doubling after each.
public struct RetrySpec: Sendable, Hashable {
    public var attempts: Int
    public var backoff: Duration

    public static let none = RetrySpec(attempts: 1, backoff: .zero)

    public init(attempts: Int, backoff: Duration) {
        self.attempts = attempts
        self.backoff = backoff
    }
}

/// `foreach:` — what a stage fans out over.
public enum Foreach: Sendable, Hashable {
    /// Every leaf of the taxonomy.
    case leaves
    /// The leaves changed since the previous build.
    case changedLeaves
    /// The listed items.
    case items([String])
}
