import Foundation

/// What a scheduler remembers between runs, per build: the last fire time it handled,
/// the taxonomy head it last saw and last built, and how the last run ended. Stored as
/// `.modelbuild/schedule/state.json` by `ScheduleStateStore`.
public struct ScheduleState: Sendable, Hashable, Codable {
    public static let currentVersion = 1

    public var version: Int = ScheduleState.currentVersion
    public var builds: [String: BuildScheduleState] = [:]

    public init(builds: [String: BuildScheduleState] = [:]) {
        self.builds = builds
    }

    /// The entry of the build `name` (an empty one when there is none yet).
    public subscript(build name: String) -> BuildScheduleState {
        get { builds[name] ?? BuildScheduleState() }
        set { builds[name] = newValue }
    }
}

/// One build's entry in `ScheduleState`.
public struct BuildScheduleState: Sendable, Hashable, Codable {
    /// The latest cron fire time handled (run, skipped or missed on purpose). Fire times at
    /// or before it are never considered again.
    public var lastSlot: Date?
    /// When a run was last started by the scheduler.
    public var lastFired: Date?
    /// The taxonomy branch head last read, and when it was first read at that commit.
    public var seenHead: String?
    public var seenHeadSince: Date?
    /// The head the on-merge trigger last built (or first saw, as its starting point).
    public var builtHead: String?
    /// When the run going on now started; nil when none is.
    public var runningSince: Date?
    /// How the last run ended.
    public var lastResult: ScheduleResult?
    /// A candidate build's pull requests, by number: the head seen, the head tried.
    public var pullRequests: [String: PullRequestScheduleState]?

    public init() {}
}

/// How a run the scheduler started ended.
public struct ScheduleResult: Sendable, Hashable, Codable {
    /// How the run ended.
    public enum Status: String, Sendable, Hashable, Codable {
        case succeeded, failed, cancelled
        /// Nothing ran: nothing merged since the last build.
        case upToDate = "up-to-date"
        /// Nothing ran: another modelbuild (a build by hand) was running this build.
        case busy
        /// The build could not start (configuration, state, or taxonomy errors).
        case error
    }

    public var status: Status
    public var runID: String?
    public var finished: Date
    /// Why it was up to date, or what went wrong.
    public var detail: String?
    /// The first stage that failed.
    public var failedStage: String?
    /// The last lines of the failed stage's log (without protocol lines); nil when none failed.
    public var failedStageLog: [String]?
    /// Every metric the stages reported, as `stage.metric`.
    public var metrics: [String: Double]
    /// Where to look: the model's report, or the run's folder.
    public var link: String?
    /// The version published, when the build published one.
    public var version: String?
    /// The candidate built, for a build of kind `candidate`.
    public var candidate: String?

    public init(
        status: Status, runID: String? = nil, finished: Date, detail: String? = nil, failedStage: String? = nil,
        metrics: [String: Double] = [:], link: String? = nil, version: String? = nil, candidate: String? = nil
    ) {
        self.candidate = candidate
        self.version = version
        self.status = status
        self.runID = runID
        self.finished = finished
        self.detail = detail
        self.failedStage = failedStage
        self.metrics = metrics
        self.link = link
    }
}
