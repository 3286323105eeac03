import Foundation

/// One decision or happening of a scheduler, for its log: what it did with a build and why.
public struct ScheduleEvent: Sendable, Hashable {
    /// What happened.
    public enum Kind: Sendable, Hashable {
        /// The scheduler took its lock and read its state.
        case started(builds: [String], once: Bool)
        /// A run started.
        case fired(FireReason)
        /// Due, but the previous run still goes and `concurrency: forbid` skips it.
        case skippedStillRunning(FireReason)
        /// Due while the previous run still goes; `concurrency: queue` runs it after.
        /// `coalesced`: a run was already waiting, and this one joins it.
        case queued(FireReason, coalesced: Bool)
        /// Due while the previous run still goes; `concurrency: replace` cancels that one.
        case replacing(FireReason, runningSince: Date?)
        /// Fire times missed while no scheduler ran, let go by `catchup: none`.
        case skippedMissed(latest: Date, count: Int)
        /// The on-merge trigger's starting point: the head it first read.
        case watching(head: String)
        /// The branch moved; the build is due once it stays quiet until `quietUntil`.
        case mergeSeen(head: String, quietUntil: Date)
        /// The branch head could not be read; it is read again at the next poll.
        case pollFailed(reason: String)
        /// A pull request's head moved (or was first read); its candidate builds once the
        /// head stays there until `quietUntil`.
        case pullRequestMoved(number: Int, head: String, quietUntil: Date)
        /// The pull requests' heads could not be read; they are read again at the next poll.
        case pullRequestPollFailed(reason: String)
        /// A pull request's candidate build started, of the head the trigger read.
        case candidateFired(pullRequest: Int, head: String)
        /// A pull request's candidate build ended.
        case candidateFinished(pullRequest: Int, ScheduledCandidate)
        /// A run ended (`.upToDate`: skipped because nothing merged).
        case finished(ScheduleResult)
        /// A notifier failed; the build's result stands.
        case notifyFailed(NotifierFailure)
        /// builds.yaml changed and loaded: `builds` are scheduled now, `added` and `removed`
        /// compared with before (the state of every build is kept).
        case reloaded(builds: [String], added: [String], removed: [String])
        /// builds.yaml changed but does not load; the last good schedules stay. Reported
        /// once per content of the file.
        case reloadFailed(ScheduleConfigError)
        /// The state could not be saved; the scheduler goes on with what it has in memory.
        case stateNotSaved(reason: String)
        /// Nothing is due now; the next thing to look at is at `next` (nil: nothing scheduled).
        case idle(next: Date?)
        /// Asked to stop: running builds are let finish, for at most `timeout`.
        case draining(builds: [String], timeout: Duration)
        /// Asked to stop without draining, or the drain took too long: running builds are cancelled.
        case cancelling(builds: [String], afterDrainTimeout: Bool)
        /// Asked to stop: runs waiting in the queue will not start.
        case droppedQueued(builds: [String])
        /// The scheduler stopped.
        case stopped
    }

    public var time: Date
    /// The build concerned; nil for the scheduler as a whole.
    public var build: String?
    public var kind: Kind

    public init(time: Date, build: String?, kind: Kind) {
        self.time = time
        self.build = build
        self.kind = kind
    }
}
