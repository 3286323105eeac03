import Cron

/// One entry of `builds:` — a kind of build the maintainers run: when, how its versions
/// are named, how many are kept, what it must pass to publish.
public struct BuildSpec: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case nightly, release
        /// Builds no version of its own: candidates of pull requests on the latest version
        /// of its `base` (`trigger: on_pull_request`, docs/candidates.md).
        case candidate
    }

    /// `[a-z][a-z0-9_-]*`, unique in the file.
    public var name: String
    public var kind: Kind
    public var schedule: CronSchedule?
    /// IANA time zone of `schedule`; UTC when nil.
    public var timezone: String?
    public var versionScheme: VersionScheme
    /// Published versions of this build to keep; nil keeps all.
    public var keep: Int?
    public var gates: [Gate]
    public var sign: Bool
    /// The public keys `verify` accepts this build's signatures from (`trusted_keys:`).
    public var trustedKeys: [TrustedKeyFile]
    /// Build when the taxonomy branch advances (besides, or instead of, `schedule`).
    public var trigger: OnMergeTrigger?
    /// What a scheduler does with fire times missed while it was down.
    public var catchup: CatchupPolicy
    /// What happens when the build is due while its previous run still goes.
    public var concurrency: ConcurrencyPolicy
    /// Who is told how a scheduled build ended.
    public var notify: NotifySpec?
    /// A `candidate` build: try pull requests as their heads move.
    public var pullRequestTrigger: OnPullRequestTrigger?
    /// A `candidate` build: the build whose latest version candidates start from; nil:
    /// `nightly`, else the only nightly build (as `modelbuild candidate` without `--on`).
    public var base: String?

    public init(
        name: String, kind: Kind, schedule: CronSchedule? = nil, timezone: String? = nil,
        versionScheme: VersionScheme, keep: Int? = nil, gates: [Gate] = [], sign: Bool = false,
        trigger: OnMergeTrigger? = nil, catchup: CatchupPolicy = .latest, concurrency: ConcurrencyPolicy = .forbid,
        notify: NotifySpec? = nil, trustedKeys: [TrustedKeyFile] = []
    ) {
        self.name = name
        self.kind = kind
        self.schedule = schedule
        self.timezone = timezone
        self.versionScheme = versionScheme
        self.keep = keep
        self.gates = gates
        self.sign = sign
        self.trustedKeys = trustedKeys
        self.trigger = trigger
        self.catchup = catchup
        self.concurrency = concurrency
        self.notify = notify
    }
}

/// `version:` of a build.
public enum VersionScheme: Sendable, Hashable {
    /// A template such as `nightly-{date}`; `{date}` is the UTC date, and a second build
    /// the same day gets `.2`, then `.3`.
    case template(String)
    /// Semantic versions given on the command line or bumped from the last release.
    case semver
}

/// A condition a build's metrics must meet before it is published.
public enum Gate: Sendable, Hashable {
    /// `{metric: evaluate.f1, min: 0.5}` and/or `max:`.
    case threshold(metric: String, min: Double?, max: Double?)
    /// `{no_regression: evaluate.f1}` — not lower than the previous release.
    case noRegression(metric: String)
}
