import CPlatform
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The one thread that watches every child ``ProcessLauncher`` starts: an `epoll` loop over
/// each child's pidfd (readable once it has exited) and its output pipes, and the stop
/// deadlines (timeouts, grace periods) as the loop's wait timeout.
///
/// One thread for all children, however many, rather than a thread or a task per child:
/// starting a stage costs a spawn and a few `epoll_ctl`s, and a child's exit reaches its
/// waiter in one hand-off. Reaping by pidfd (`waitid(P_PID)` on a child known to have
/// exited), never `waitid(P_ALL)`, leaves the children of other libraries alone.
///
/// When a child exits, the loop, in order: kills what is left of its group (if asked),
/// reaps it, reads what is left in its pipes and closes them, tells the output handler the
/// output has ended, and then resumes whoever waits in ``SpawnedChild/exit()``. Output
/// written after the child exited by a process that escaped its group is not waited for.
final class ChildReaper: Sendable {
    /// The reaper, started on first use; a failure to start it is every spawn's failure.
    static let shared: Result<ChildReaper, ProcessSpawnError> = Result { () throws(ProcessSpawnError) in
        try ChildReaper()
    }

    private enum Role {
        case exit
        case output(ChildStream)
    }

    private struct Watched {
        var child: SpawnedChild
        var role: Role
    }

    private let epoll: Int32
    /// An eventfd that wakes the loop when a deadline changes.
    private let wakeDescriptor: Int32
    /// Every watched descriptor, by number. Spawning threads add; only the loop removes.
    private let watched = Mutex<[Int32: Watched]>([:])
    /// Descriptors the loop has stopped watching, closed only once it has acted on the whole
    /// batch of events in hand: until then no spawn can be given their numbers, so an event
    /// later in the batch can never be taken for a new child's.
    private let closingAfterBatch = Mutex<[Int32]>([])
    /// Children not yet reaped, for their deadlines.
    private let children = Mutex<[ObjectIdentifier: SpawnedChild]>([:])

    private init() throws(ProcessSpawnError) {
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epoll >= 0 else {
            throw ProcessSpawnError(operation: "epoll_create1 for", executable: "the child reaper", code: errno)
        }
        wakeDescriptor = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        guard wakeDescriptor >= 0 else {
            throw ProcessSpawnError(operation: "eventfd for", executable: "the child reaper", code: errno)
        }
        var event = epoll_event(events: EPOLLIN.rawValue, data: epoll_data(fd: wakeDescriptor))
        guard epoll_ctl(epoll, EPOLL_CTL_ADD, wakeDescriptor, &event) == 0 else {
            throw ProcessSpawnError(operation: "epoll_ctl for", executable: "the child reaper", code: errno)
        }
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { context in
                guard let context else { return nil }
                Unmanaged<ChildReaper>.fromOpaque(context).takeRetainedValue().loop()
                return nil
            }, Unmanaged.passRetained(self).toOpaque())
        guard started == 0 else {
            throw ProcessSpawnError(operation: "pthread_create for", executable: "the child reaper", code: started)
        }
        pthread_detach(thread)
    }

    /// Starts watching a child just spawned: its exit, its pipes and its deadlines. Throws
    /// (having killed and reaped the child, and closed its descriptors) when epoll cannot
    /// take them, since an exit nobody sees would leave its waiter waiting forever.
    func watch(_ child: SpawnedChild) throws(ProcessSpawnError) {
        children.withLock { $0[ObjectIdentifier(child)] = child }
        watched.withLock { watched in
            watched[child.pidDescriptor] = Watched(child: child, role: .exit)
            for pipe in child.pipes { watched[pipe.descriptor] = Watched(child: child, role: .output(pipe.stream)) }
        }
        let descriptors = child.pipes.map(\.descriptor) + [child.pidDescriptor]
        for descriptor in descriptors {
            var event = epoll_event(events: EPOLLIN.rawValue, data: epoll_data(fd: descriptor))
            guard epoll_ctl(epoll, EPOLL_CTL_ADD, descriptor, &event) == 0 else {
                let code = errno
                children.withLock { _ = $0.removeValue(forKey: ObjectIdentifier(child)) }
                _ = child.signalGroup(SIGKILL)
                child.reap(waiting: true)
                for descriptor in descriptors {
                    stopWatching(descriptor)
                    close(descriptor)
                }
                throw ProcessSpawnError(operation: "epoll_ctl to watch", executable: "pid \(child.pid)", code: code)
            }
        }
    }

    /// Makes the loop look at the deadlines again.
    func wake() {
        var one: UInt64 = 1
        _ = write(wakeDescriptor, &one, MemoryLayout<UInt64>.size)
    }

    private func loop() {
        // Signals are for the threads that expect them; this one only waits on epoll.
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        pthread_sigmask(SIG_BLOCK, &allSignals, nil)

        let clock = ContinuousClock()
        var events = [epoll_event](repeating: epoll_event(), count: 64)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        var nextDeadline: ContinuousClock.Instant?
        while true {
            var timeout: Int32 = -1
            if let nextDeadline {
                let left = nextDeadline - clock.now
                // Rounded up, so the loop never wakes just before a deadline and spins.
                let milliseconds = left.components.seconds * 1000 + (left.components.attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
                timeout = Int32(clamping: max(0, milliseconds))
            }
            let count = epoll_wait(epoll, &events, Int32(events.count), timeout)
            if count < 0 && errno != EINTR { continue }
            for event in events.prefix(Int(max(0, count))) {
                let descriptor = event.data.fd
                if descriptor == wakeDescriptor {
                    var value: UInt64 = 0
                    _ = read(wakeDescriptor, &value, MemoryLayout<UInt64>.size)
                    continue
                }
                guard let entry = watched.withLock({ $0[descriptor] }) else { continue }
                switch entry.role {
                case .exit: childExited(entry.child, buffer: buffer)
                case .output(let stream):
                    drain(descriptor, stream: stream, of: entry.child, buffer: buffer, toTheEnd: false)
                }
            }
            for descriptor in closingAfterBatch.withLock({ pending in defer { pending.removeAll(keepingCapacity: true) }; return pending }) {
                close(descriptor)
            }
            nextDeadline = actOnDeadlines(now: clock.now)
        }
    }

    private func actOnDeadlines(now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        let living = children.withLock { Array($0.values) }
        var next: ContinuousClock.Instant?
        for child in living {
            if let deadline = child.actOnDeadlines(now: now) { next = min(next ?? deadline, deadline) }
        }
        return next
    }

    private func childExited(_ child: SpawnedChild, buffer: UnsafeMutableRawBufferPointer) {
        // A readable pidfd means the child has exited; never wait here for one that has not.
        guard child.reap(waiting: false) else { return }
        forget(child.pidDescriptor)
        children.withLock { _ = $0.removeValue(forKey: ObjectIdentifier(child)) }
        // Only the pipes still watched for this child: one that ended earlier was closed,
        // and its number may be another child's by now.
        for pipe in child.pipes where watched.withLock({ $0[pipe.descriptor]?.child === child }) {
            drain(pipe.descriptor, stream: pipe.stream, of: child, buffer: buffer, toTheEnd: true)
        }
        child.output?.outputEnded()
        child.finish()
    }

    /// Reads what `descriptor` holds now and hands it over; at end of file, or when
    /// `toTheEnd` (the child has exited), closes it.
    private func drain(
        _ descriptor: Int32, stream: ChildStream, of child: SpawnedChild,
        buffer: UnsafeMutableRawBufferPointer, toTheEnd: Bool
    ) {
        // At most a few reads at a time, so one chatty child does not starve the others.
        var reads = 0
        while toTheEnd || reads < 16 {
            reads += 1
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count > 0 {
                child.output?.received(UnsafeRawBufferPointer(rebasing: buffer[..<count]), from: stream)
                continue
            }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && !toTheEnd { return }
            // End of file, an error, or nothing more now that the child is gone.
            forget(descriptor)
            return
        }
    }

    /// Stops watching `descriptor` and closes it once the batch of events is done.
    private func forget(_ descriptor: Int32) {
        stopWatching(descriptor)
        closingAfterBatch.withLock { $0.append(descriptor) }
    }

    private func stopWatching(_ descriptor: Int32) {
        watched.withLock { _ = $0.removeValue(forKey: descriptor) }
        _ = epoll_ctl(epoll, EPOLL_CTL_DEL, descriptor, nil)
    }
}
