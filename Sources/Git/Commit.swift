import Foundation

/// One commit as the history listing reports it.
public struct Commit: Sendable, Hashable {
    /// The commit's id.
    public let id: ObjectID
    /// The author's name.
    public let authorName: String
    /// The author's email address.
    public let authorEmail: String
    /// When the change was authored.
    public let authorDate: Date
    /// When the commit was made (for a merged pull request: when it was merged).
    public let committerDate: Date
    /// The first line of the message, without trailing whitespace.
    public let subject: String
    /// The whole message, as stored.
    public let message: String
    /// How many parents the commit has: 0 for a root, 2 or more for a merge.
    public let parentCount: Int
    /// The pull-request number the subject names, if any (see `PullRequestNumber`).
    public let pullRequestNumber: Int?

    /// Creates a commit record from its parts.
    public init(
        id: ObjectID, authorName: String, authorEmail: String, authorDate: Date,
        committerDate: Date, subject: String, message: String, parentCount: Int,
        pullRequestNumber: Int?
    ) {
        self.id = id
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.authorDate = authorDate
        self.committerDate = committerDate
        self.subject = subject
        self.message = message
        self.parentCount = parentCount
        self.pullRequestNumber = pullRequestNumber
    }

    /// True for a merge commit.
    public var isMerge: Bool { parentCount > 1 }
}

/// A bounded first-parent history listing, newest first.
public struct CommitLog: Sendable, Hashable {
    /// The commits, newest first, at most the requested maximum.
    public let commits: [Commit]
    /// True when more commits lay in the range than the maximum allowed; `commits` then
    /// holds the newest ones.
    public let isTruncated: Bool

    /// Creates a log from its parts.
    public init(commits: [Commit], isTruncated: Bool) {
        self.commits = commits
        self.isTruncated = isTruncated
    }
}

/// How a branch's new head relates to the head seen before (to detect force pushes).
public enum HistoryRelation: Sendable, Hashable {
    /// Both heads are the same commit.
    case unchanged
    /// The old head is an ancestor of the new one: history only grew.
    case fastForward
    /// The new head is an ancestor of the old one: the branch was moved back.
    case rewound
    /// Neither contains the other: history was rewritten after `mergeBase`.
    case rewritten(mergeBase: ObjectID)
    /// The two heads share no history at all.
    case unrelated

    /// True unless history only grew or did not move.
    public var isRewrite: Bool {
        switch self {
        case .unchanged, .fastForward: false
        case .rewound, .rewritten, .unrelated: true
        }
    }
}
