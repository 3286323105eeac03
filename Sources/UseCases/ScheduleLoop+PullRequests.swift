import BuildConfiguration
import Foundation

/// The on-pull-request trigger in the scheduler's loop: reading the pull requests' heads,
/// building the candidates due, and remembering the heads tried.
extension ScheduleLoop {
    /// Reads the pull requests for the candidate build `build`, starts the candidates due
    /// (with at most `max_parallel` building), and returns when to look again. Due pull
    /// requests beyond the limit wait: each candidate that ends looks again.
    func lookAtPullRequests(
        _ build: ScheduledBuild, trigger: OnPullRequestTrigger, heads read: Result<[Int: String], any Error>, now: Date
    ) -> Date {
        let nextPoll = now.addingTimeInterval(trigger.poll.timeInterval)
        let heads: [Int: String]
        do {
            heads = try read.get()
        } catch {
            emit(build.name, .pullRequestPollFailed(reason: "\(error)"))
            return nextPoll
        }
        var pullRequests = state[build: build.name].pullRequests ?? [:]
        let building = Set((candidateRuns[build.name] ?? [:]).keys)
        let decision = PullRequestDecision.read(
            heads: heads, at: now, trigger: trigger, state: &pullRequests, building: building)
        state[build: build.name].pullRequests = pullRequests
        for moved in decision.moved where now < moved.quietUntil {
            emit(build.name, .pullRequestMoved(number: moved.head.number, head: moved.head.head, quietUntil: moved.quietUntil))
        }
        var free = trigger.maxParallel - building.count
        for head in decision.due where free > 0 && !stopping {
            startCandidate(build, head)
            free -= 1
        }
        return min(nextPoll, decision.nextDue ?? nextPoll)
    }

    /// Builds the candidate of `head`, then tells the build's notifiers (with the report).
    private func startCandidate(_ build: ScheduledBuild, _ head: PullRequestDecision.Head) {
        guard let runner = daemon.candidates else { return }
        state[build: build.name].lastFired = clock.now
        save()
        emit(build.name, .candidateFired(pullRequest: head.number, head: head.head))
        let clock = clock, onEvent = daemon.onEvent, continuation = continuation
        let name = build.name, notifier = build.notifier
        candidateRuns[name, default: [:]][head.number] = Task {
            var candidate = await runner.runCandidate(build: name, pullRequest: head.number, clock: clock)
            // Built of no head it read (it could not start): the head seen counts as tried,
            // so the same error is not repeated at every look; a new head is tried again.
            if candidate.head == nil { candidate.head = head.head }
            onEvent(ScheduleEvent(time: clock.now, build: name, kind: .candidateFinished(pullRequest: head.number, candidate)))
            if let notifier, notifier.wants(candidate.result.status) {
                let notification = BuildNotification(build: name, pullRequest: head.number, candidate: candidate)
                for failure in await notifier.send(notification) {
                    onEvent(ScheduleEvent(time: clock.now, build: name, kind: .notifyFailed(failure)))
                }
            }
            continuation.yield(.candidateFinished(build: name, pullRequest: head.number, candidate: candidate))
            return candidate
        }
    }

    /// Forgets the candidate run, and records the head it tried. A candidate cancelled, or
    /// found building by hand (busy), did not try its head: it is tried again after the
    /// quiet time, not at once (which would spin while the other build holds it).
    func recordCandidate(_ name: String, pullRequest number: Int, _ candidate: ScheduledCandidate) {
        candidateRuns[name]?[number] = nil
        if candidateRuns[name]?.isEmpty == true { candidateRuns[name] = nil }
        state[build: name].lastResult = candidate.result
        let key = String(number)
        var pullRequests = state[build: name].pullRequests ?? [:]
        if [.busy, .cancelled].contains(candidate.result.status) {
            pullRequests[key]?.seenSince = clock.now
            state[build: name].pullRequests = pullRequests
            return
        }
        guard let head = candidate.head else { return }
        var entry = pullRequests[key] ?? PullRequestScheduleState(seenHead: head, seenSince: clock.now)
        entry.triedHead = head
        entry.candidate = candidate.result.candidate
        entry.lastResult = candidate.result
        pullRequests[key] = entry
        state[build: name].pullRequests = pullRequests
    }
}
