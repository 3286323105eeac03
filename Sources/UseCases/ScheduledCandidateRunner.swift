import Foundation

/// Builds the candidate of one pull request for a scheduler (a build of kind `candidate`)
/// and says how it ended. Cancelling the calling task cancels the build cleanly.
public protocol ScheduledCandidateRunner: Sendable {
    /// Builds the candidate of pull request `pullRequest` for the candidate build `build`;
    /// never throws: every ending is a `ScheduledCandidate`.
    func runCandidate(build: String, pullRequest: Int, clock: any ScheduleClock) async -> ScheduledCandidate
}

/// How a scheduled candidate build ended: its result (`succeeded` when every verdict is
/// `improves` or `no-gain`, as `modelbuild candidate` exits 0; `failed` for any other
/// verdict), the head it built (read when it started, which may be newer than the head
/// the scheduler saw), and its report.
public struct ScheduledCandidate: Sendable, Hashable {
    public var result: ScheduleResult
    /// The pull request's head the candidate was built of; nil when none was read.
    public var head: String?
    /// The report back; nil when the candidate could not be built.
    public var report: CandidateReport?

    public init(result: ScheduleResult, head: String? = nil, report: CandidateReport? = nil) {
        self.result = result
        self.head = head
        self.report = report
    }
}
