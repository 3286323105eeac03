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
    /// `report:`: what the dashboard and `list` show.
    public var report: ReportSpec
    /// How pull requests' candidate builds are judged (`candidates:`).
    public var candidates: CandidatePolicy = .standard
    /// `publish: {registries: […]}`: where every published version is pushed.
    public var registries: [PublishRegistrySpec] = []

    public init(
        version: Int = BuildConfig.supportedVersion, model: ModelSpec, taxonomy: TaxonomySpec?,
        executor: ExecutorSpec, stages: [StageSpec], builds: [BuildSpec], report: ReportSpec = ReportSpec()
    ) {
        self.report = report
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
    /// What a build does with a leaf that fails validation (`on_invalid:`); nil leaves it
    /// to the build's kind (`InvalidLeafPolicy.default(for:)`).
    public var onInvalid: InvalidLeafPolicy?
    /// Leaves never built, as globs over leaf paths (`exclude:`, `knowledge/legacy/**`).
    public var exclude: [String]
    /// Whose verdict validation reproduces (`mode:`): `ilab`'s, the default, or the
    /// taxonomy repository's CI.
    public var mode: ValidationMode
    /// Where knowledge documents are fetched from instead of the repositories leaves name
    /// (`documents:`); nil fetches from those repositories.
    public var documents: DocumentSourcesSpec?
    /// Where the remote keeps pull-request heads (`pull_requests:`), one `*` standing
    /// for the number: GitHub's and Gitea's `refs/pull/*/head` unless set
    /// (GitLab: `refs/merge-requests/*/head`).
    public var pullRequests: String = TaxonomySpec.defaultPullRequests
    /// GitHub's and Gitea's pull-request heads.
    public static let defaultPullRequests = "refs/pull/*/head"

    public init(
        url: String, branch: String = TaxonomySpec.defaultBranch,
        folders: [String] = TaxonomySpec.defaultFolders, credentials: CredentialsSpec? = nil,
        onInvalid: InvalidLeafPolicy? = nil, exclude: [String] = [], mode: ValidationMode = .ilab,
        documents: DocumentSourcesSpec? = nil
    ) {
        self.url = url
        self.branch = branch
        self.folders = folders
        self.credentials = credentials
        self.onInvalid = onInvalid
        self.exclude = exclude
        self.mode = mode
        self.documents = documents
    }
}

/// `taxonomy.documents`: serve knowledge documents from local copies, for builds that
/// must not depend on every document repository being reachable.
public struct DocumentSourcesSpec: Sendable, Hashable {
    /// A folder of copies (`mirror:`): the repository `https://host/owner/name` is read
    /// from `<mirror>/host/owner/name` or `<mirror>/host/owner/name.git` when one exists.
    public var mirror: String?
    /// URL prefixes replaced before fetching (`rewrite:`, like git's `insteadOf`); the
    /// longest matching prefix wins.
    public var rewrites: [String: String]
    /// Credentials for private document repositories, by host (`credentials:`), as
    /// `taxonomy.credentials` describes them; the taxonomy's own host uses those.
    public var credentials: [String: CredentialsSpec]

    public init(mirror: String? = nil, rewrites: [String: String] = [:], credentials: [String: CredentialsSpec] = [:]) {
        self.mirror = mirror
        self.rewrites = rewrites
        self.credentials = credentials
    }
}

/// `taxonomy.on_invalid`: what a build does with a leaf that fails validation.
public enum InvalidLeafPolicy: String, Sendable, Hashable, CaseIterable {
    /// The build fails before anything is published.
    case fail
    /// The leaf is left out; the build goes on with the others and lists it, with its
    /// located errors, in its output, its manifest and its version page.
    case skip

    /// When builds.yaml says nothing: a release fails (what ships was all reviewed), a
    /// nightly skips (one bad leaf does not stop every other contribution's build).
    public static func `default`(for kind: BuildSpec.Kind) -> InvalidLeafPolicy {
        kind == .release ? .fail : .skip
    }
}

/// `taxonomy.mode` (and `taxonomy check --mode`): whose verdict on a leaf is reproduced.
public enum ValidationMode: String, Sendable, Hashable, CaseIterable {
    /// `ilab`'s: yamllint's warnings are errors.
    case ilab
    /// The taxonomy repository's CI: yamllint's warnings stay warnings, and what only
    /// PyYAML refuses (a bad merge key, a tab inside a block scalar) is let through.
    case ci
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
    /// `executor.user`: the account local stages run as, when modelbuild runs as root;
    /// nil runs them as modelbuild's own user.
    public var user: String?

    public init(
        kind: Kind, workers: Int, capacity: [String: Int] = [:], grace: Duration? = nil, slurm: SlurmSpec? = nil,
        user: String? = nil
    ) {
        self.kind = kind
        self.workers = workers
        self.capacity = capacity
        self.grace = grace
        self.slurm = slurm
        self.user = user
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
