import Foundation

/// One recorded run of a build, as the index's run history shows it: failed and cancelled
/// runs, and runs that published nothing new, beside the ones that published a version.
/// The caller reads them from the run records (the journals); the publisher only draws them.
public struct RunOutcome: Sendable, Hashable, Codable {
    /// How a run ended, as the history shows it.
    public enum Status: String, Sendable, Hashable, Codable {
        /// It published a version (`version`).
        case published
        /// Its stages succeeded but it published nothing new (same files, or not asked to).
        case nothingNew = "nothing-new"
        case failed, cancelled, interrupted
        /// Still running when the index was written.
        case running
        /// Nothing ran: nothing changed since the last build (`reason` says why). Such a
        /// build leaves no run record, so the index keeps these entries itself.
        case skipped
    }

    /// The run id (for a skipped build, `skipped-<time>`).
    public var id: String
    /// The build's name in builds.yaml.
    public var build: String
    public var started: Date
    public var finished: Date?
    public var status: Status
    /// The version it published, when it did.
    public var version: String?
    /// The first stage that failed, when one did.
    public var failedStage: String?
    /// Why a skipped build did nothing.
    public var reason: String?

    public init(
        id: String, build: String, started: Date, finished: Date?, status: Status, version: String? = nil,
        failedStage: String? = nil, reason: String? = nil
    ) {
        self.reason = reason
        self.id = id
        self.build = build
        self.started = started
        self.finished = finished
        self.status = status
        self.version = version
        self.failedStage = failedStage
    }
}
