import Foundation

/// What a candidate build's scheduler remembers of one pull request: the head it last
/// read and since when, and the head it last built a candidate of, with how that ended.
public struct PullRequestScheduleState: Sendable, Hashable, Codable {
    /// The head last read, and when it was first read at that commit.
    public var seenHead: String
    public var seenSince: Date
    /// The head a candidate was last built of (whatever its verdict, or its error): it is
    /// never built again; a new head is.
    public var triedHead: String?
    /// The candidate of `triedHead`, when one was made.
    public var candidate: String?
    /// How that candidate build ended.
    public var lastResult: ScheduleResult?

    public init(seenHead: String, seenSince: Date) {
        self.seenHead = seenHead
        self.seenSince = seenSince
    }
}
