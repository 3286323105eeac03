import Cron
import Foundation
import BuildConfiguration

/// What `modelbuild schedule --next` and `--status` show: every build's schedule and
/// trigger, its next fire times, what the scheduler remembers of it, and whether a
/// scheduler is running.
public struct ScheduleOverview: Sendable {
    /// One build: what it is, when it fires next, what the scheduler remembers.
    public struct Entry: Sendable {
        public var spec: BuildSpec
        public var zone: ZoneInfo
        /// The next fire times of its schedule, soonest first (empty without a schedule).
        public var nextFires: [Date]
        public var state: BuildScheduleState
    }

    /// Every build, in builds.yaml's order.
    public var entries: [Entry]
    /// `pid on host` of the running scheduler; nil when none holds the state folder.
    public var daemon: String?
    /// The taxonomy branch on-merge triggers watch.
    public var branch: String?

    /// The overview at `now`, with `count` fire times per build.
    /// - Throws: `ZoneInfo.LoadError` or `ScheduleStateError`.
    public init(config: BuildConfig, store: ScheduleStateStore, now: Date, count: Int) throws {
        let state = try store.load()
        entries = try config.builds.map { spec in
            let zone = try ZoneInfo.load(spec.timezone ?? "UTC")
            let fires = spec.schedule.map { $0.nextFires(after: now, count: count, in: zone) } ?? []
            return Entry(spec: spec, zone: zone, nextFires: fires, state: state[build: spec.name])
        }
        daemon = store.lockHolder()
        branch = config.taxonomy?.branch
    }
}
