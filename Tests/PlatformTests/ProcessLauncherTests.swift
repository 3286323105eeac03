import Foundation
import Platform
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Collects what a child prints on its piped streams.
private final class CollectedOutput: ChildOutputHandler {
    private struct State {
        var standardOutput: [UInt8] = []
        var standardError: [UInt8] = []
        var ended = false
    }

    private let state = Mutex(State())

    func received(_ chunk: UnsafeRawBufferPointer, from stream: ChildStream) {
        state.withLock { state in
            switch stream {
            case .standardOutput: state.standardOutput += chunk
            case .standardError: state.standardError += chunk
            }
        }
    }

    func outputEnded() { state.withLock { $0.ended = true } }

    var standardOutput: String { state.withLock { String(decoding: $0.standardOutput, as: UTF8.self) } }
    var standardError: String { state.withLock { String(decoding: $0.standardError, as: UTF8.self) } }
    var ended: Bool { state.withLock { $0.ended } }
}

/// Runs `script` with `/bin/sh -c`, its output piped, and waits for it.
private func runShell(
    _ script: String, environment: [String: String] = ["PATH": "/usr/bin:/bin"]
) async throws -> (ChildExit, CollectedOutput) {
    let output = CollectedOutput()
    let child = try ProcessLauncher.spawn(
        ProcessLaunch(
            executable: "/bin/sh", arguments: ["-c", script], environment: environment,
            standardOutput: .pipe, standardError: .pipe),
        output: output)
    return (await child.exit(), output)
}

/// Whether `pid` is running: neither gone nor a zombie.
private func isRunning(_ pid: pid_t) -> Bool {
    guard let stat = try? readText("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return false }
    return !stat[stat.index(after: close)...].trimmingPrefix(" ").hasPrefix("Z")
}

private func readText(_ path: String) throws -> String {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { throw POSIXErrorCode(rawValue: errno).map { POSIXError($0) } ?? POSIXError(.EIO) }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = read(descriptor, &buffer, buffer.count)
        if count <= 0 { break }
        bytes += buffer[..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}

private struct POSIXError: Error {
    var code: POSIXErrorCode
    init(_ code: POSIXErrorCode) { self.code = code }
}

@Suite struct ProcessLauncherTests {
    @Test(arguments: [("exit 0", ChildExitStatus.exited(0)), ("exit 7", .exited(7)), ("kill -TERM $$", .signalled(SIGTERM)), ("kill -KILL $$", .signalled(SIGKILL))])
    func theExitStatusIsReported(script: String, expected: ChildExitStatus) async throws {
        let (exit, output) = try await runShell(script)
        #expect(exit.status == expected)
        #expect(!exit.passedItsDeadline)
        #expect(output.ended)
    }

    @Test func stdoutAndStderrArriveWholeAndApart() async throws {
        let (exit, output) = try await runShell("seq 1 100000; echo to-stderr >&2; printf tail")
        #expect(exit.status == .exited(0))
        let lines = output.standardOutput.split(separator: "\n")
        #expect(lines.count == 100_001)
        #expect(lines[99_999] == "100000")
        #expect(lines.last == "tail")
        #expect(output.standardError == "to-stderr\n")
    }

    /// The spawning thread blocks and ignores signals; the child must start with neither.
    @Test func theChildStartsWithNoBlockedOrIgnoredSignals() async throws {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGTERM)
        sigaddset(&blocked, SIGUSR1)
        var previousMask = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &previousMask)
        let previousHandler = signal(SIGUSR2, SIG_IGN)
        let output = CollectedOutput()
        let child: SpawnedChild
        do {
            defer {
                pthread_sigmask(SIG_SETMASK, &previousMask, nil)
                signal(SIGUSR2, previousHandler)
            }
            // Not through a shell, which may reset its signals: grep shows what it got.
            child = try ProcessLauncher.spawn(
                ProcessLaunch(
                    executable: "/bin/grep", arguments: ["-E", "SigBlk|SigIgn", "/proc/self/status"],
                    standardOutput: .pipe),
                output: output)
        }
        #expect(await child.exit().status == .exited(0))
        var masks: [String: UInt64] = [:]
        for line in output.standardOutput.split(separator: "\n") {
            let parts = line.split(separator: ":")
            guard parts.count == 2 else { continue }
            masks[String(parts[0])] = UInt64(parts[1].trimmingPrefix("\t"), radix: 16)
        }
        #expect(masks["SigBlk"] == 0, "\(output.standardOutput)")
        // Signals 32 and 33 are glibc's own (thread cancellation, set*id): its posix_spawn
        // leaves them ignored in the child, and no glibc program can change them anyway.
        let glibcInternal: UInt64 = 1 << 31 | 1 << 32
        #expect(masks["SigIgn"].map { $0 & ~glibcInternal } == 0, "\(output.standardOutput)")
    }

    @Test func onlyDescriptorsZeroToTwoReachTheChild() async throws {
        // A descriptor of ours without close-on-exec: the spawn must close it anyway.
        let leaked = open("/dev/null", O_RDONLY)
        defer { close(leaked) }
        #expect(leaked > 2)
        // The shell's descriptors, not those of the ls that lists them.
        let (exit, output) = try await runShell("ls /proc/$$/fd")
        #expect(exit.status == .exited(0))
        let descriptors = output.standardOutput.split(separator: "\n").compactMap { Int($0) }
        #expect(descriptors.sorted() == [0, 1, 2], "\(output.standardOutput)")
    }

    @Test func theChildLeadsANewSessionAndProcessGroup() async throws {
        // Fields 5 and 6 of /proc/<pid>/stat are the process group and the session.
        let (exit, output) = try await runShell("echo $$ $(cut -d' ' -f5,6 /proc/$$/stat)")
        #expect(exit.status == .exited(0))
        let ids = output.standardOutput.split(whereSeparator: \.isWhitespace)
        #expect(ids.count == 3)
        #expect(Set(ids).count == 1)
        #expect(ids.first.flatMap { pid_t($0) } != getpgrp())
    }

    @Test func theEnvironmentAndWorkingDirectoryAreTheLaunchs() async throws {
        let output = CollectedOutput()
        let child = try ProcessLauncher.spawn(
            ProcessLaunch(
                executable: "/bin/sh", arguments: ["-c", "pwd; env"], environment: ["ONLY": "this"],
                workingDirectory: "/proc", standardOutput: .pipe),
            output: output)
        #expect(await child.exit().status == .exited(0))
        let lines = Set(output.standardOutput.split(separator: "\n"))
        #expect(lines.contains("/proc"))
        #expect(lines.contains("ONLY=this"))
        #expect(!lines.contains { $0.hasPrefix("HOME=") })
    }

    @Test func aMissingProgramOrDirectoryFailsToSpawn() throws {
        let missing = #expect(throws: ProcessSpawnError.self) {
            try ProcessLauncher.spawn(ProcessLaunch(executable: "/no/such/program"))
        }
        #expect(missing?.code == ENOENT)
        let noDirectory = #expect(throws: ProcessSpawnError.self) {
            try ProcessLauncher.spawn(ProcessLaunch(executable: "/bin/true", workingDirectory: "/no/such/folder"))
        }
        #expect(noDirectory?.code == ENOENT)
    }

    /// A program still open for writing cannot be started (ETXTBSY): the start waits for
    /// the writer to close it, as a script written just before it runs needs when another
    /// thread's child still holds the writer's descriptor; one never closed still fails.
    @Test func aProgramBusyBeingWrittenStartsOnceItsWriterCloses() async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let script = folder + "/stage.sh"
        let writer = open(script, O_WRONLY | O_CREAT | O_CLOEXEC, 0o755)
        #expect(writer >= 0)
        let text = Array("#!/bin/sh\nexit 7\n".utf8)
        #expect(write(writer, text, text.count) == text.count)
        let closer = Thread {
            usleep(20_000)
            close(writer)
        }
        closer.start()
        let child = try ProcessLauncher.spawn(ProcessLaunch(executable: script))
        #expect(await child.exit().status == .exited(7))

        let stillOpen = open(script, O_WRONLY | O_CLOEXEC)
        defer { close(stillOpen) }
        let busy = #expect(throws: ProcessSpawnError.self) { try ProcessLauncher.spawn(ProcessLaunch(executable: script)) }
        #expect(busy?.code == ETXTBSY)
    }

    /// A grandchild that ignores SIGTERM: the stop's SIGKILL and the sweep at exit reach it.
    @Test func stoppingKillsTheWholeGroupAfterTheGracePeriod() async throws {
        let output = CollectedOutput()
        let child = try ProcessLauncher.spawn(
            ProcessLaunch(
                executable: "/bin/sh",
                arguments: ["-c", "trap '' TERM; (trap '' TERM; sh -c 'echo $PPID'; sleep 100) & sleep 100"],
                environment: ["PATH": "/usr/bin:/bin"], standardOutput: .pipe),
            output: output)
        child.stop(after: .milliseconds(200), gracePeriod: .milliseconds(200))
        let clock = ContinuousClock()
        let start = clock.now
        let exit = await child.exit()
        #expect(clock.now - start >= .milliseconds(400))
        #expect(exit.status == .signalled(SIGKILL))
        #expect(exit.passedItsDeadline)
        let grandchild = try #require(pid_t(output.standardOutput.split(separator: "\n").first ?? ""))
        for _ in 0..<200 where isRunning(grandchild) { try await Task.sleep(for: .milliseconds(10)) }
        #expect(!isRunning(grandchild))
        #expect(!child.signalGroup(0))
    }

    @Test func aLeaderThatObeysSIGTERMEndsBeforeItsGracePeriod() async throws {
        let child = try ProcessLauncher.spawn(
            ProcessLaunch(executable: "/bin/sleep", arguments: ["100"]))
        child.stop(gracePeriod: .seconds(300))
        // Ended by the SIGTERM, not by the SIGKILL 300 s later or its own end after 100 s. No
        // clock: the suite's other tests can hold this process's threads for a minute.
        let exit = await child.exit()
        #expect(exit.status == .signalled(SIGTERM))
        #expect(!exit.passedItsDeadline)
    }

    /// What the leader leaves behind in its group is killed when it exits.
    @Test func aFinishedLeadersGroupIsSwept() async throws {
        let (exit, output) = try await runShell("(sh -c 'echo $PPID'; sleep 100) & sleep 0.2")
        #expect(exit.status == .exited(0))
        let grandchild = try #require(pid_t(output.standardOutput.split(separator: "\n").first ?? ""))
        for _ in 0..<200 where isRunning(grandchild) { try await Task.sleep(for: .milliseconds(10)) }
        #expect(!isRunning(grandchild))
    }

    @Test func manyConcurrentChildrenAreAllReaped() async throws {
        let ended = try await withThrowingTaskGroup(of: (pid_t, ChildExitStatus).self) { group in
            for index in 0..<200 {
                group.addTask {
                    let child = try ProcessLauncher.spawn(
                        ProcessLaunch(executable: "/bin/sh", arguments: ["-c", "exit \(index % 50)"]))
                    return (child.pid, await child.exit().status)
                }
            }
            var ended: [(pid_t, ChildExitStatus)] = []
            for try await child in group { ended.append(child) }
            return ended
        }
        #expect(ended.count == 200)
        for code in 0..<50 { #expect(ended.filter { $0.1 == .exited(Int32(code)) }.count == 4) }
        // Reaped, not left as zombies of ours (a pid may have been reused since, by another).
        var info = siginfo_t()
        for (pid, _) in ended {
            #expect(waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == -1)
        }
    }

    /// Pipes that end before their child does are closed early, and their numbers reused
    /// by children started meanwhile: each child must still get its own output and exit
    /// (a reused number once closed another child's pidfd, leaving it unreaped).
    @Test func outputAndExitsStayWithTheirChildWhileDescriptorsAreReused() async throws {
        let results = try await withThrowingTaskGroup(of: (Int, ChildExitStatus, String).self) { group in
            for index in 0..<300 {
                group.addTask {
                    let output = CollectedOutput()
                    // Closes its output, then lives on a little: the pipe ends first.
                    let child = try ProcessLauncher.spawn(
                        ProcessLaunch(
                            executable: "/bin/sh",
                            arguments: ["-c", "echo child-\(index); exec >&- 2>&-; sleep 0.0\(index % 5)"],
                            environment: ["PATH": "/usr/bin:/bin"], standardOutput: .pipe, standardError: .pipe),
                        output: output)
                    return (index, await child.exit().status, output.standardOutput)
                }
            }
            var results: [(Int, ChildExitStatus, String)] = []
            for try await result in group { results.append(result) }
            return results
        }
        #expect(results.count == 300)
        for (index, status, output) in results {
            #expect(status == .exited(0))
            #expect(output == "child-\(index)\n")
        }
    }
}
