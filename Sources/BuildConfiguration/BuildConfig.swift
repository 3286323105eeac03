import StageProtocol

/// builds.yaml, schema version 1, after every key was checked: what to build, from which
/// taxonomy, with which stages, on which executor. Load it with `BuildConfigLoader`.
public struct BuildConfig: Sendable, Hashable {
    /// The only schema version this modelbuild reads.
    public static let supportedVersion = 1

    public var version: Int
    public var model: ModelSpec
    /// nil when the configuration builds without a taxonomy (plugin authors and tests).
    public var taxonomy: TaxonomySpec?
    public var executor: ExecutorSpec
    /// Stages in the order builds.yaml lists them.
    public var stages: [StageSpec]
    /// Builds in the order builds.yaml lists them.
    public var builds: [BuildSpec]
    /// `publish: {registries: […]}`: where every published version is pushed.
    public var registries: [PublishRegistrySpec] = []

    public init(
        version: Int = BuildConfig.supportedVersion, model: ModelSpec, taxonomy: TaxonomySpec?,
        executor: ExecutorSpec, stages: [StageSpec], builds: [BuildSpec]
    ) {
        self.version = version
        self.model = model
        self.taxonomy = taxonomy
        self.executor = executor
        self.stages = stages
        self.builds = builds
    }

    /// The stage named `name`.
    public func stage(named name: String) -> StageSpec? {
        stages.first { $0.name == name }
    }

    /// The build named `name`.
    public func build(named name: String) -> BuildSpec? {
        builds.first { $0.name == name }
    }
}

/// `model:` — the model being built and where it starts from.
public struct ModelSpec: Sendable, Hashable {
    /// `[a-z0-9][a-z0-9._-]*`; names the folder under `artifacts/`.
    public var name: String
    public var base: BaseModel

    public init(name: String, base: BaseModel) {
        self.name = name
        self.base = base
    }
}

/// `model.base:` — a pinned model, or the previous published build's model.
public enum BaseModel: Sendable, Hashable {
    case previous
    case pinned(name: String, uri: String?, sha256: String?)
}

/// `taxonomy:` — the git repository contributions are merged into.
public struct TaxonomySpec: Sendable, Hashable {
    public static let defaultBranch = "main"
    /// The folders built when `taxonomy.folders` is not given: where InstructLab's
    /// taxonomy keeps its skills and knowledge.
    public static let defaultFolders = ["compositional_skills", "knowledge"]

    /// A URL libgit2 can fetch, or a local path.
    public var url: String
    public var branch: String
    /// Top-level folders whose leaves are built; others are ignored.
    public var folders: [String]
    /// Where the password or token for a private remote comes from (`credentials:`);
    /// nil for a public one.
    public var credentials: CredentialsSpec?

    public init(
        url: String, branch: String = TaxonomySpec.defaultBranch,
        folders: [String] = TaxonomySpec.defaultFolders, credentials: CredentialsSpec? = nil
    ) {
        self.url = url
        self.branch = branch
        self.folders = folders
        self.credentials = credentials
    }
}

/// `taxonomy.credentials`: how modelbuild authenticates to a private https remote (the
/// taxonomy, and knowledge-document repositories on the same host). The secret itself
/// is never in builds.yaml: it is read from the environment variable `passwordVariable`
/// names, at start-up. ssh remotes use keys from ssh-agent and need none of this.
public struct CredentialsSpec: Sendable, Hashable {
    /// The user name; `git` when absent (token-based hosts accept any).
    public var username: String?
    /// The environment variable holding the password or token (`password_env`).
    public var passwordVariable: String

    public init(username: String? = nil, passwordVariable: String) {
        self.username = username
        self.passwordVariable = passwordVariable
    }
}

/// `executor:` — where stages run.
public struct ExecutorSpec: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case local, slurm
    }

    public var kind: Kind
    /// Stages running at once.
    public var workers: Int
    /// Resource slots of the machine (`gpu: 2`); a stage's `resources:` draw on them.
    public var capacity: [String: Int]
    /// The time between SIGTERM and SIGKILL when a stage is stopped, for stages that do not
    /// set their own `grace`; nil leaves it to the executor (10 s for the local one; on
    /// Slurm, `scancel` at once, then the cluster's KillWait).
    public var grace: Duration?
    public var slurm: SlurmSpec?

    public init(
        kind: Kind, workers: Int, capacity: [String: Int] = [:], grace: Duration? = nil, slurm: SlurmSpec? = nil
    ) {
        self.kind = kind
        self.workers = workers
        self.capacity = capacity
        self.grace = grace
        self.slurm = slurm
    }
}

/// `executor.slurm:` — how stages are submitted to a Slurm cluster.
public struct SlurmSpec: Sendable, Hashable {
    public var partition: String?
    public var account: String?
    public var qos: String?
    /// Passed to `sbatch` as they are.
    public var extraArgs: [String]

    public init(partition: String? = nil, account: String? = nil, qos: String? = nil, extraArgs: [String] = []) {
        self.partition = partition
        self.account = account
        self.qos = qos
        self.extraArgs = extraArgs
    }
}
