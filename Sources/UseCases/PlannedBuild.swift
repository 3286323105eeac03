/// What planning a build found: its jobs, and whether `modelbuild build` would do nothing.
public struct PlannedBuild: Sendable {
    /// The planned jobs in dependency order.
    public var jobs: [PlannedJob]
    /// Why `modelbuild build` would do nothing ("no new merged commits since …; nothing to
    /// rebuild"): every key it plans is its last published run's. Nil when it would run.
    public var nothingToDo: String?

    public init(jobs: [PlannedJob], nothingToDo: String?) {
        self.jobs = jobs
        self.nothingToDo = nothingToDo
    }
}
