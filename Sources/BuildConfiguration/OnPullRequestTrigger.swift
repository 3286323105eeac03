/// `trigger: {on_pull_request: {poll: 5m, quiet: 10m, max_parallel: 2}}` on a build of
/// kind `candidate` — build a candidate of each pull request whose head has moved and
/// then stayed still for `quiet`, at most `maxParallel` at a time.
public struct OnPullRequestTrigger: Sendable, Hashable {
    public static let defaultPoll: Duration = .seconds(5 * 60)
    public static let defaultQuiet: Duration = .seconds(10 * 60)
    public static let defaultMaxParallel = 2

    /// How often the pull requests' heads are fetched.
    public var poll: Duration
    /// How long a pull request's head must stay at one commit before it is built.
    public var quiet: Duration
    /// How many candidates build at once.
    public var maxParallel: Int

    public init(
        poll: Duration = OnPullRequestTrigger.defaultPoll, quiet: Duration = OnPullRequestTrigger.defaultQuiet,
        maxParallel: Int = OnPullRequestTrigger.defaultMaxParallel
    ) {
        self.poll = poll
        self.quiet = quiet
        self.maxParallel = maxParallel
    }
}
