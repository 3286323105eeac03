import Cron
import Foundation
import BuildConfiguration
import ServiceLifecycle

/// One build as a scheduler sees it: its spec, the zone its schedule is read in, and who
/// is told how it ended.
public struct ScheduledBuild: Sendable {
    /// The build as builds.yaml declares it.
    public let spec: BuildSpec
    /// The zone `spec.schedule` is read in.
    public let zone: ZoneInfo
    /// Who hears how its runs end; nil without `notify:`.
    public let notifier: Notifier?

    public var name: String { spec.name }

    public init(spec: BuildSpec, zone: ZoneInfo, notifier: Notifier?) {
        self.spec = spec
        self.zone = zone
        self.notifier = notifier
    }

    /// Every build of `config` with a `schedule:` or a `trigger:` (`on_merge` or
    /// `on_pull_request`), its zone loaded.
    /// - Throws: a usage `RequestError` when a build's time zone cannot be read.
    public static func all(in config: BuildConfig, workingDirectory: String) throws(RequestError) -> [ScheduledBuild] {
        do {
            return try config.builds.filter { $0.schedule != nil || $0.trigger != nil || $0.pullRequestTrigger != nil }.map { spec in
                ScheduledBuild(
                    spec: spec, zone: try ZoneInfo.load(spec.timezone ?? "UTC"),
                    notifier: spec.notify.map { Notifier(spec: $0, workingDirectory: workingDirectory) })
            }
        } catch {
            throw RequestError(.usage, "\(error)")
        }
    }
}

/// The scheduler: fires builds when their cron schedule or on-merge trigger says so,
/// within each build's concurrency policy, builds the candidates of pull requests whose
/// heads moved (on-pull-request triggers, at most `max_parallel` at a time), and
/// remembers what it did in its state folder.
///
/// As a daemon (`once: false`) it runs until graceful shutdown (SIGTERM/SIGINT through a
/// `ServiceGroup`): it then takes no new builds and lets running ones finish for at most
/// `drainTimeout` (`drain`), or cancels them at once. With `once: true` it fires what is
/// due now, waits for those runs, and returns. Only one scheduler works on a state folder
/// at a time; another one fails to start with `ScheduleStateError`.
///
/// Given `configFile`, it rereads builds.yaml before each look at its builds and on each
/// reload request: a changed file (by content digest) replaces the schedules, keeping the
/// state; a changed file that does not load is reported once and the last good schedules
/// stay until it is fixed.
public struct ScheduleDaemon: Service {
    /// How the scheduler runs and stops.
    public struct Options: Sendable {
        /// Fire what is due now, wait for it, and return.
        public var once: Bool
        /// On shutdown, let running builds finish (else cancel them at once).
        public var drain: Bool
        /// How long a drain may take before running builds are cancelled.
        public var drainTimeout: Duration
        /// How often an idle daemon looks whether builds.yaml changed, besides before each
        /// look at its builds and on reload requests; nil: only then.
        public var configCheckInterval: Duration?

        public init(
            once: Bool = false, drain: Bool = true, drainTimeout: Duration = .seconds(30 * 60),
            configCheckInterval: Duration? = nil
        ) {
            self.once = once
            self.drain = drain
            self.drainTimeout = drainTimeout
            self.configCheckInterval = configCheckInterval
        }
    }

    /// The builds it fires at start.
    public let builds: [ScheduledBuild]
    /// The builds.yaml it rereads for new schedules; nil to keep `builds` for good.
    public let configFile: ScheduleConfigFile?
    /// Each element asks it to reread builds.yaml now (SIGHUP, for the command).
    public let reloadRequests: AsyncStream<Void>?
    /// Where its state and lock live.
    public let store: ScheduleStateStore
    /// What runs a build.
    public let runner: any ScheduledBuildRunner
    /// Where on-merge triggers read the taxonomy branch; nil when no build has one.
    public let heads: (any BranchHeadSource)?
    /// Where on-pull-request triggers read the pull requests' heads; nil when no build has one.
    public let pullRequests: (any PullRequestHeadSource)?
    /// What builds a pull request's candidate for a build of kind `candidate`.
    public let candidates: (any ScheduledCandidateRunner)?
    /// The clock it reads and sleeps on.
    public let clock: any ScheduleClock
    public let options: Options
    /// Receives every decision, for the log; called from any task.
    public let onEvent: @Sendable (ScheduleEvent) -> Void

    public init(
        builds: [ScheduledBuild], store: ScheduleStateStore, runner: any ScheduledBuildRunner,
        heads: (any BranchHeadSource)?, clock: any ScheduleClock, options: Options = Options(),
        configFile: ScheduleConfigFile? = nil, reloadRequests: AsyncStream<Void>? = nil,
        pullRequests: (any PullRequestHeadSource)? = nil, candidates: (any ScheduledCandidateRunner)? = nil,
        onEvent: @escaping @Sendable (ScheduleEvent) -> Void
    ) {
        self.pullRequests = pullRequests
        self.candidates = candidates
        self.builds = builds
        self.configFile = configFile
        self.reloadRequests = reloadRequests
        self.store = store
        self.runner = runner
        self.heads = heads
        self.clock = clock
        self.options = options
        self.onEvent = onEvent
    }

    /// Runs the scheduler until it is shut down (or, with `once`, until what was due has run).
    /// - Throws: `ScheduleStateError` when another scheduler holds the state folder or its
    ///   state cannot be read.
    public func run() async throws {
        let lock = try store.lock()
        defer { lock.release() }
        let loop = ScheduleLoop(daemon: self, state: try store.load())
        await loop.run()
    }
}
