import CPlatform

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Starts child processes with `posix_spawn` (a `vfork`-style clone straight into `execve`),
/// each in a session and process group of its own, and hands them to the one
/// ``ChildReaper`` thread that reads their output and reaps them.
///
/// The child starts clean whatever thread spawns it: its signal mask is empty and every
/// signal has its default disposition (Swift's threads block some signals, and a child
/// that inherited that would ignore the SIGTERM meant to stop it); standard input is
/// `/dev/null`; descriptors 3 and up are closed (`posix_spawn_file_actions_addclosefrom_np`),
/// so no pipe or lock of modelbuild's leaks into a stage.
public enum ProcessLauncher {
    /// Starts `launch`. Streams launched as ``ChildOutput/pipe`` are handed to `output`.
    ///
    /// Throws when the program cannot start: missing or not executable (`ENOENT`,
    /// `EACCES`), a working directory that cannot be entered, or no resources left.
    public static func spawn(
        _ launch: ProcessLaunch, output: (any ChildOutputHandler)? = nil
    ) throws(ProcessSpawnError) -> SpawnedChild {
        func failure(_ operation: String, _ code: Int32) -> ProcessSpawnError {
            ProcessSpawnError(operation: operation, executable: launch.executable, code: code)
        }
        let reaper = try ChildReaper.shared.get()

        var pipes: [OutputPipe] = []
        var closeOnFailure: [Int32] = []
        defer { for descriptor in closeOnFailure { close(descriptor) } }
        for (stream, destination) in [
            (ChildStream.standardOutput, launch.standardOutput), (.standardError, launch.standardError),
        ] where destination == .pipe {
            guard output != nil else { throw failure("no output handler for a piped stream of", EINVAL) }
            var ends: [Int32] = [-1, -1]
            guard cplatform_pipe_cloexec(&ends) == 0 else { throw failure("pipe2 for", errno) }
            closeOnFailure += ends
            // Only our end is non-blocking; the child writes as to any pipe.
            _ = fcntl(ends[0], F_SETFL, O_NONBLOCK)
            pipes.append(OutputPipe(stream: stream, readEnd: ends[0], writeEnd: ends[1]))
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        var result = posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        for (target, destination) in [(Int32(1), launch.standardOutput), (2, launch.standardError)]
        where result == 0 {
            switch destination {
            case .discarded:
                result = posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
            case .file(let descriptor):
                result = posix_spawn_file_actions_adddup2(&actions, descriptor, target)
            case .pipe:
                let stream: ChildStream = target == 1 ? .standardOutput : .standardError
                let writeEnd = pipes.first { $0.stream == stream }?.writeEnd ?? -1
                result = posix_spawn_file_actions_adddup2(&actions, writeEnd, target)
            }
        }
        if result == 0, let directory = launch.workingDirectory {
            result = cplatform_posix_spawn_file_actions_addchdir(&actions, directory)
        }
        if result == 0 { result = cplatform_posix_spawn_file_actions_addclosefrom(&actions, 3) }
        guard result == 0 else { throw failure("posix_spawn_file_actions for", result) }

        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        let flags = cplatform_posix_spawn_setsid | Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        result = posix_spawnattr_setflags(&attributes, flags)
        if result == 0 { result = posix_spawnattr_setsigmask(&attributes, &noSignals) }
        if result == 0 { result = posix_spawnattr_setsigdefault(&attributes, &allSignals) }
        guard result == 0 else { throw failure("posix_spawnattr for", result) }

        let argv = CStringArray([launch.argumentZero ?? launch.executable] + launch.arguments)
        let envp = CStringArray(launch.environment.map { "\($0.key)=\($0.value)" })
        guard argv.isComplete, envp.isComplete else { throw failure("posix_spawn", ENOMEM) }
        var pid: pid_t = 0
        // ETXTBSY: the program was just written and another thread's child, between its
        // fork and its exec, still holds the writer's descriptor. It goes once that child
        // execs, so the start is tried again for up to about two seconds.
        var wait = Duration.milliseconds(1)
        var waited = Duration.zero
        while true {
            result = withExtendedLifetime((argv, envp)) {
                posix_spawn(&pid, launch.executable, &actions, &attributes, argv.pointers, envp.pointers)
            }
            guard result == ETXTBSY, waited < .seconds(2) else { break }
            let components = wait.components
            var interval = timespec(
                tv_sec: Int(components.seconds), tv_nsec: Int(components.attoseconds / 1_000_000_000))
            var remaining = timespec()
            while nanosleep(&interval, &remaining) != 0 && errno == EINTR { interval = remaining }
            waited += wait
            wait = min(wait * 2, .milliseconds(100))
        }
        guard result == 0 else { throw failure("posix_spawn", result) }

        for pipe in pipes { close(pipe.writeEnd) }
        closeOnFailure = []
        // The child is ours and not yet reaped, so its pid cannot have been reused.
        let pidDescriptor = cplatform_pidfd_open(pid)
        guard pidDescriptor >= 0 else {
            let code = errno
            for pipe in pipes { close(pipe.readEnd) }
            _ = kill(-pid, SIGKILL)
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED) != 0 && errno == EINTR {}
            throw failure("pidfd_open after starting", code)
        }
        let child = SpawnedChild(
            pid: pid, pidDescriptor: pidDescriptor, killsGroupOnExit: launch.killsGroupOnExit,
            pipes: pipes.map { ($0.readEnd, $0.stream) }, output: output, reaper: reaper)
        try reaper.watch(child)
        return child
    }

    private struct OutputPipe {
        var stream: ChildStream
        var readEnd: Int32
        var writeEnd: Int32
    }
}

/// A NULL-terminated array of C strings, freed with the array.
private final class CStringArray {
    let pointers: [UnsafeMutablePointer<CChar>?]
    let isComplete: Bool

    init(_ strings: [String]) {
        let copies = strings.map { strdup($0) }
        isComplete = !copies.contains(nil)
        pointers = copies + [nil]
    }

    deinit {
        for pointer in pointers { free(pointer) }
    }
}
