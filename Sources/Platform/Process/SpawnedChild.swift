import CPlatform
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A child process ``ProcessLauncher`` started: the leader of its own process group, watched
/// by the one ``ChildReaper`` thread until it exits.
///
/// Signals go to the whole group, and only while the leader is not yet reaped: until then
/// the kernel keeps its pid, which is also the group's id, from being reused, so a signal
/// can never reach a stranger's processes.
public final class SpawnedChild: Sendable {
    /// The child's pid, which is also its process group's and its session's id.
    public let pid: pid_t
    /// The pidfd the reaper waits on; the reaper closes it once the child is reaped.
    let pidDescriptor: Int32
    let killsGroupOnExit: Bool
    /// The read ends of the child's output pipes; the reaper owns and closes them.
    let pipes: [(descriptor: Int32, stream: ChildStream)]
    let output: (any ChildOutputHandler)?
    private let reaper: ChildReaper

    struct State {
        /// Set by the reaper the moment it reaps the child; no signal is sent after it.
        var reaped: ChildExitStatus?
        /// Set once the output has ended too: what ``exit()`` returns.
        var exit: ChildExit?
        var waiters: [CheckedContinuation<ChildExit, Never>] = []
        /// When to send SIGTERM (a timeout), unless the child has ended by then.
        var stopAt: ContinuousClock.Instant?
        /// When to send SIGKILL, once stopping.
        var killAt: ContinuousClock.Instant?
        var gracePeriod: Duration = .zero
        var stopping = false
        var passedDeadline = false
    }

    let state = Mutex(State())

    init(
        pid: pid_t, pidDescriptor: Int32, killsGroupOnExit: Bool,
        pipes: [(descriptor: Int32, stream: ChildStream)], output: (any ChildOutputHandler)?,
        reaper: ChildReaper
    ) {
        self.pid = pid
        self.pidDescriptor = pidDescriptor
        self.killsGroupOnExit = killsGroupOnExit
        self.pipes = pipes
        self.output = output
        self.reaper = reaper
    }

    /// Waits until the child has exited, has been reaped, and all its piped output has been
    /// handed to the output handler.
    public func exit() async -> ChildExit {
        await withCheckedContinuation { continuation in
            let exit = state.withLock { state -> ChildExit? in
                if let exit = state.exit { return exit }
                state.waiters.append(continuation)
                return nil
            }
            if let exit { continuation.resume(returning: exit) }
        }
    }

    /// Sends `signal` to every process in the child's group, unless the child has been
    /// reaped. Returns false when there was no one left to signal.
    @discardableResult
    public func signalGroup(_ signal: Int32) -> Bool {
        state.withLock { state in
            state.reaped == nil && kill(-pid, signal) == 0
        }
    }

    /// Stops the child now: SIGTERM to its group, then SIGKILL to the group `gracePeriod`
    /// later if the child (the group's leader) has not exited by then. Returns at once; the
    /// reaper's thread keeps the time. A second call while stopping changes nothing.
    public func stop(gracePeriod: Duration) {
        let clock = ContinuousClock()
        let changed = state.withLock { state -> Bool in
            guard state.reaped == nil, !state.stopping else { return false }
            startStopping(&state, now: clock.now, gracePeriod: gracePeriod)
            return true
        }
        if changed { reaper.wake() }
    }

    /// Stops the child as ``stop(gracePeriod:)`` does once `delay` has passed, unless it
    /// has exited by then; its ``ChildExit/passedItsDeadline`` then says so.
    public func stop(after delay: Duration, gracePeriod: Duration) {
        let clock = ContinuousClock()
        let changed = state.withLock { state -> Bool in
            guard state.reaped == nil, !state.stopping else { return false }
            state.stopAt = clock.now + delay
            state.gracePeriod = gracePeriod
            return true
        }
        if changed { reaper.wake() }
    }

    /// Acts on the deadlines that have passed by `now`; returns the next one. Called by
    /// the reaper's thread.
    func actOnDeadlines(now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        state.withLock { state in
            guard state.reaped == nil else { return nil }
            if let stopAt = state.stopAt, stopAt <= now {
                state.passedDeadline = true
                startStopping(&state, now: now, gracePeriod: state.gracePeriod)
            }
            if let killAt = state.killAt, killAt <= now {
                _ = kill(-pid, SIGKILL)
                state.killAt = nil
            }
            return [state.stopAt, state.killAt].compactMap { $0 }.min()
        }
    }

    private func startStopping(_ state: inout State, now: ContinuousClock.Instant, gracePeriod: Duration) {
        state.stopping = true
        state.stopAt = nil
        _ = kill(-pid, SIGTERM)
        state.killAt = now + gracePeriod
    }

    /// Kills what is left of the group if asked to, then reaps the child. Called by the
    /// reaper's thread once the pidfd is readable (the child is a zombie, its pid still
    /// reserved), without `waiting`; returns false, having done nothing, if the child has
    /// not exited after all.
    @discardableResult
    func reap(waiting: Bool) -> Bool {
        state.withLock { state in
            var info = siginfo_t()
            // Still ours to reap? Someone else's wait(-1) may have taken it, and its pid with it.
            var stillOurs = true
            if !waiting {
                // Exited yet? WNOWAIT leaves it a zombie, so its pid stays reserved.
                var result: Int32
                repeat {
                    result = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
                } while result != 0 && errno == EINTR
                if result == 0 && cplatform_siginfo_pid(&info) == 0 { return false }
                stillOurs = result == 0
            }
            if killsGroupOnExit && stillOurs { _ = kill(-pid, SIGKILL) }
            var result: Int32
            repeat { result = waitid(P_PID, id_t(pid), &info, WEXITED) } while result != 0 && errno == EINTR
            let code = cplatform_siginfo_code(&info)
            let status = cplatform_siginfo_status(&info)
            if result != 0 {
                // Reaped by someone else (SIGCHLD set to SIG_IGN, a stray wait(-1)): its
                // status is gone.
                state.reaped = .signalled(0)
            } else if code == CLD_EXITED {
                state.reaped = .exited(status)
            } else {
                state.reaped = .signalled(status)
            }
            return true
        }
    }

    /// Publishes the exit once the output has ended, and wakes the waiters.
    func finish() {
        let (exit, waiters) = state.withLock { state -> (ChildExit, [CheckedContinuation<ChildExit, Never>]) in
            let exit = ChildExit(status: state.reaped ?? .signalled(0), passedItsDeadline: state.passedDeadline)
            state.exit = exit
            defer { state.waiters = [] }
            return (exit, state.waiters)
        }
        for waiter in waiters { waiter.resume(returning: exit) }
    }
}
