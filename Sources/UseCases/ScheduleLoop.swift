import Foundation
import BuildConfiguration
import ServiceLifecycle

/// The scheduler's event loop: one task owns it and everything in it. Timers, finished
/// runs and the shutdown request arrive as inputs on one stream, so the loop sleeps until
/// the next of them (no polling) and never shares its state.
final class ScheduleLoop {
    enum Input: Sendable {
        case wake
        case finished(build: String, result: ScheduleResult)
        /// A pull request's candidate build ended.
        case candidateFinished(build: String, pullRequest: Int, candidate: ScheduledCandidate)
        case shutdown
        case drainExpired
        /// Reread builds.yaml now (a reload request).
        case reload
        /// Time to see whether builds.yaml changed.
        case checkConfig
    }

    let daemon: ScheduleDaemon
    var state: ScheduleState
    /// The builds scheduled now: the daemon's, then each good reading of builds.yaml.
    private var builds: [ScheduledBuild]
    /// The digest of the builds.yaml that `builds` come from.
    private var configDigest: String?
    /// The digest of a builds.yaml that did not load, already reported.
    private var rejectedDigest: String?
    private var configWatch: [Task<Void, Never>] = []
    private var running: [String: Task<ScheduleResult, Never>] = [:]
    /// The candidate builds going on, per candidate build and pull request.
    var candidateRuns: [String: [Int: Task<ScheduledCandidate, Never>]] = [:]
    private var queued: [String: FireReason] = [:]
    /// When each on-merge build's branch is next read.
    var nextLook: [String: Date] = [:]
    var stopping = false
    private var timer: Task<Void, Never>?
    /// When the timer wakes the loop next.
    private var nextWake: Date?
    private var drainTimer: Task<Void, Never>?
    private let inputs: AsyncStream<Input>
    let continuation: AsyncStream<Input>.Continuation

    init(daemon: ScheduleDaemon, state: ScheduleState) {
        self.daemon = daemon
        self.state = state
        builds = daemon.builds
        configDigest = daemon.configFile?.read().digest
        (inputs, continuation) = AsyncStream.makeStream(of: Input.self)
    }

    var clock: any ScheduleClock { daemon.clock }

    /// No build and no candidate runs.
    private var isIdle: Bool { running.isEmpty && candidateRuns.values.allSatisfy(\.isEmpty) }

    /// What runs now, by name (`build`, or `build#N` for a pull request's candidate).
    private var runningNames: [String] {
        (Array(running.keys) + candidateRuns.flatMap { build, runs in runs.keys.map { "\(build)#\($0)" } }).sorted()
    }

    /// Cancels every build and candidate going on.
    private func cancelAll() {
        for task in running.values { task.cancel() }
        for task in candidateRuns.values.flatMap(\.values) { task.cancel() }
    }

    func run() async {
        emit(nil, .started(builds: daemon.builds.map(\.name), once: daemon.options.once))
        let continuation = continuation
        if !daemon.options.once { watchConfig() }
        await withGracefulShutdownHandler {
            await evaluate()
            if daemon.options.once, isIdle { return }
            for await input in inputs {
                await handle(input)
                if (stopping || daemon.options.once) && isIdle { break }
            }
        } onGracefulShutdown: {
            continuation.yield(.shutdown)
        }
        timer?.cancel()
        drainTimer?.cancel()
        for watch in configWatch { watch.cancel() }
        // Cancelled (not a graceful shutdown): stop the runs and record how they ended.
        if !isIdle {
            emit(nil, .cancelling(builds: runningNames, afterDrainTimeout: false))
            cancelAll()
            for (name, task) in running.sorted(by: { $0.key < $1.key }) {
                record(name, await task.value)
            }
            for (name, runs) in candidateRuns.sorted(by: { $0.key < $1.key }) {
                for (number, task) in runs.sorted(by: { $0.key < $1.key }) {
                    recordCandidate(name, pullRequest: number, await task.value)
                }
            }
        }
        save()
        emit(nil, .stopped)
        continuation.finish()
    }

    private func handle(_ input: Input) async {
        switch input {
        case .wake:
            if !stopping { await evaluate() }
        case .finished(let name, let result):
            record(name, result)
            if !stopping, let reason = queued.removeValue(forKey: name) { start(name, reason) }
            save()
            if isIdle, !stopping, !daemon.options.once { emit(nil, .idle(next: nextWake)) }
        case .candidateFinished(let name, let number, let candidate):
            recordCandidate(name, pullRequest: number, candidate)
            save()
            // A slot is free: look at the pull requests again for one that waits.
            nextLook[name] = nil
            if !stopping { await evaluate() }
        case .shutdown:
            guard !stopping else { return }
            stopping = true
            timer?.cancel()
            if !queued.isEmpty {
                emit(nil, .droppedQueued(builds: queued.keys.sorted()))
                queued = [:]
            }
            guard !isIdle else { return }
            let names = runningNames
            if daemon.options.drain {
                emit(nil, .draining(builds: names, timeout: daemon.options.drainTimeout))
                let deadline = clock.now.addingTimeInterval(daemon.options.drainTimeout.timeInterval)
                drainTimer = wake(at: deadline, with: .drainExpired)
            } else {
                emit(nil, .cancelling(builds: names, afterDrainTimeout: false))
                cancelAll()
            }
        case .drainExpired:
            guard !isIdle else { return }
            emit(nil, .cancelling(builds: runningNames, afterDrainTimeout: true))
            cancelAll()
        case .reload:
            if !stopping { await evaluate() }
        case .checkConfig:
            if !stopping, rereadConfig() { await evaluate() }
        }
    }

    // MARK: Rereading builds.yaml

    /// Forwards reload requests, and checks builds.yaml every `configCheckInterval`, as inputs.
    private func watchConfig() {
        guard daemon.configFile != nil else { return }
        let continuation = continuation
        if let requests = daemon.reloadRequests {
            configWatch.append(Task { for await _ in requests { continuation.yield(.reload) } })
        }
        if let interval = daemon.options.configCheckInterval {
            let clock = clock
            configWatch.append(
                Task {
                    while (try? await clock.sleep(until: clock.now.addingTimeInterval(interval.timeInterval))) != nil {
                        continuation.yield(.checkConfig)
                    }
                })
        }
    }

    /// Takes builds.yaml's schedules when its content changed and it loads; reports a
    /// changed file that does not load once. Returns whether the schedules changed.
    @discardableResult
    private func rereadConfig() -> Bool {
        guard let file = daemon.configFile else { return false }
        let reading = file.read()
        if reading.digest == configDigest {
            rejectedDigest = nil
            return false
        }
        guard reading.digest != rejectedDigest else { return false }
        let fresh: [ScheduledBuild]
        do {
            fresh = try file.builds(from: reading)
        } catch {
            rejectedDigest = reading.digest
            emit(nil, .reloadFailed(error))
            return false
        }
        let before = Dictionary(builds.map { ($0.name, $0.spec) }, uniquingKeysWith: { a, _ in a })
        let names = Set(fresh.map(\.name))
        let now = clock.now
        for build in fresh {
            let old = before[build.name]
            guard old?.schedule != build.spec.schedule || old?.timezone != build.spec.timezone else { continue }
            // A new or changed schedule counts from now: its earlier fire times were never due.
            let since = now.addingTimeInterval(-FireDecision.onTimeWindow)
            state[build: build.name].lastSlot = max(state[build: build.name].lastSlot ?? since, since)
        }
        for build in fresh
        where before[build.name]?.trigger != build.spec.trigger
            || before[build.name]?.pullRequestTrigger != build.spec.pullRequestTrigger
        {
            nextLook[build.name] = nil
        }
        let removed = before.keys.filter { !names.contains($0) }.sorted()
        for name in removed {
            nextLook[name] = nil
            queued[name] = nil
        }
        builds = fresh
        configDigest = reading.digest
        rejectedDigest = nil
        emit(
            nil,
            .reloaded(
                builds: fresh.map(\.name).sorted(), added: names.filter { before[$0] == nil }.sorted(), removed: removed))
        return true
    }

    // MARK: Deciding

    /// Looks at every build now: fires what is due, records what was missed, and sets
    /// the timer for the next thing to look at.
    private func evaluate() async {
        rereadConfig()
        let now = clock.now
        var next: Date?
        var head: Result<String, any Error>?
        var pullRequestHeads: Result<[Int: String], any Error>?
        for build in builds {
            if let schedule = build.spec.schedule {
                switch FireDecision.cron(
                    schedule, in: build.zone, catchup: build.spec.catchup, lastSlot: state[build: build.name].lastSlot,
                    now: now)
                {
                case .fire(let reason):
                    state[build: build.name].lastSlot = reason.slot
                    request(build, reason)
                    next = earliest(next, schedule.nextFire(after: now, in: build.zone))
                case .skipMissed(let latest, let count):
                    state[build: build.name].lastSlot = latest
                    emit(build.name, .skippedMissed(latest: latest, count: count))
                    next = earliest(next, schedule.nextFire(after: now, in: build.zone))
                case .wait(let at):
                    next = earliest(next, at)
                }
            }
            if let trigger = build.spec.trigger, let heads = daemon.heads {
                if nextLook[build.name].map({ $0 <= now }) ?? true {
                    if head == nil {
                        do { head = .success(try await heads.head()) } catch { head = .failure(error) }
                    }
                    nextLook[build.name] = look(build, trigger: trigger, head: head!, now: now)
                }
                next = earliest(next, nextLook[build.name])
            }
            if let trigger = build.spec.pullRequestTrigger, let source = daemon.pullRequests {
                if nextLook[build.name].map({ $0 <= now }) ?? true {
                    if pullRequestHeads == nil {
                        do { pullRequestHeads = .success(try await source.heads()) } catch { pullRequestHeads = .failure(error) }
                    }
                    nextLook[build.name] = lookAtPullRequests(build, trigger: trigger, heads: pullRequestHeads!, now: now)
                }
                next = earliest(next, nextLook[build.name])
            }
        }
        save()
        nextWake = next
        if !daemon.options.once {
            timer?.cancel()
            timer = next.map { wake(at: $0, with: .wake) }
        }
        if isIdle { emit(nil, .idle(next: next)) }
    }

    /// Reads the branch for an on-merge build; returns when to read it again.
    private func look(_ build: ScheduledBuild, trigger: OnMergeTrigger, head read: Result<String, any Error>, now: Date)
        -> Date
    {
        let nextPoll = now.addingTimeInterval(trigger.poll.timeInterval)
        let head: String
        do {
            head = try read.get()
        } catch {
            emit(build.name, .pollFailed(reason: "\(error)"))
            return nextPoll
        }
        var entry = state[build: build.name]
        let previouslySeen = entry.seenHead
        let decision = MergeDecision.read(head: head, at: now, trigger: trigger, state: &entry)
        state[build: build.name] = entry
        switch decision {
        case .startingPoint(let head):
            emit(build.name, .watching(head: head))
        case .unchanged:
            break
        case .settling(let head, let until):
            if previouslySeen != head { emit(build.name, .mergeSeen(head: head, quietUntil: until)) }
            return min(nextPoll, until)
        case .fire(let reason):
            if request(build, reason), case .merged(_, let to) = reason { state[build: build.name].builtHead = to }
        }
        return nextPoll
    }

    /// Starts `build` for `reason`, or applies its concurrency policy when it is running.
    /// Returns whether the run will happen (now or after the running one).
    @discardableResult
    private func request(_ build: ScheduledBuild, _ reason: FireReason) -> Bool {
        guard !stopping else { return false }
        guard let current = running[build.name] else {
            start(build.name, reason)
            return true
        }
        switch build.spec.concurrency {
        case .forbid:
            emit(build.name, .skippedStillRunning(reason))
            return false
        case .queue:
            emit(build.name, .queued(reason, coalesced: queued[build.name] != nil))
            queued[build.name] = reason
            return true
        case .replace:
            emit(build.name, .replacing(reason, runningSince: state[build: build.name].runningSince))
            current.cancel()
            queued[build.name] = reason
            return true
        }
    }

    // MARK: Doing

    private func start(_ name: String, _ reason: FireReason) {
        guard let build = builds.first(where: { $0.name == name }) else { return }
        let now = clock.now
        state[build: name].lastFired = now
        state[build: name].runningSince = now
        save()
        emit(name, .fired(reason))
        let runner = daemon.runner, clock = daemon.clock, onEvent = daemon.onEvent, continuation = continuation
        running[name] = Task {
            let result = await runner.run(build: name, clock: clock)
            onEvent(ScheduleEvent(time: clock.now, build: name, kind: .finished(result)))
            if let notifier = build.notifier, notifier.wants(result.status) {
                for failure in await notifier.send(BuildNotification(build: name, result: result)) {
                    onEvent(ScheduleEvent(time: clock.now, build: name, kind: .notifyFailed(failure)))
                }
            }
            continuation.yield(.finished(build: name, result: result))
            return result
        }
    }

    private func record(_ name: String, _ result: ScheduleResult) {
        running[name] = nil
        state[build: name].runningSince = nil
        state[build: name].lastResult = result
    }

    func save() {
        do {
            try daemon.store.save(state)
        } catch {
            emit(nil, .stateNotSaved(reason: "\(error)"))
        }
    }

    private func wake(at deadline: Date, with input: Input) -> Task<Void, Never> {
        let clock = clock, continuation = continuation
        return Task {
            guard (try? await clock.sleep(until: deadline)) != nil else { return }
            continuation.yield(input)
        }
    }

    func emit(_ build: String?, _ kind: ScheduleEvent.Kind) {
        daemon.onEvent(ScheduleEvent(time: clock.now, build: build, kind: kind))
    }

    func earliest(_ a: Date?, _ b: Date?) -> Date? {
        switch (a, b) {
        case (let a?, let b?): min(a, b)
        case (let a?, nil): a
        case (nil, let b): b
        }
    }
}

extension FireReason {
    /// The cron fire time it is for; nil for a merge.
    var slot: Date? {
        switch self {
        case .scheduled(let slot), .caughtUp(let slot, _): slot
        case .merged: nil
        }
    }
}
