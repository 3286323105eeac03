import Foundation
import ExecutorTestKit
import Runner
import TestSupport
import Testing

/// The grace period between SIGTERM and SIGKILL: the job's own when it sets one, the
/// executor's otherwise.
@Suite struct LocalExecutorGraceTests {
    /// On SIGTERM the stage writes a marker, then sleeps on: only SIGKILL ends it. It
    /// touches `ready` once its handler is in place. It waits for its sleep with `wait`,
    /// which SIGTERM interrupts at once, even if the sleep, just forked, missed the signal.
    private let checkpointingStage = """
        trap 'echo terminated > sigterm-marker; sleep 100' TERM
        touch ready
        sleep 100 &
        wait $!
        """

    /// `wrongGrace` is the grace the stage would get if the rule were broken (the
    /// executor's over the job's), when it is far enough above the right one to tell them
    /// apart in this process. Its timers share the test process's threads with the whole
    /// suite, whose synchronous fixture commands (git, Slurm) can hold them for ten
    /// seconds and more; `BuildGracePeriodTests` checks the executor's own grace against
    /// the 10 s default in a modelbuild process of its own.
    @Test(arguments: [
        (Duration.seconds(30), Duration?.some(.milliseconds(500)), Duration?.some(.seconds(30))),
        (.milliseconds(500), nil, nil),
    ])
    func aStoppedStageGetsSIGKILLItsGracePeriodAfterSIGTERM(
        executorGrace: Duration, jobGrace: Duration?, wrongGrace: Duration?
    ) async throws {
        try await withTemporaryDirectory { directory in
            let executor = LocalExecutor(gracePeriod: executorGrace, hostEnvironment: ["PATH": "/usr/bin:/bin"])
            let attempt = try makeAttempt(
                in: directory, command: ["/bin/sh", "-c", checkpointingStage], timeout: .seconds(1),
                gracePeriod: jobGrace)
            let recorder = EventRecorder()
            let clock = ContinuousClock()
            let start = clock.now
            #expect(await executor.run(attempt, report: recorder.report) == .timedOut)
            let elapsed = clock.now - start
            // SIGTERM at 1 s, SIGKILL 500 ms later; the wrong grace could not end it before
            // 1 s + wrongGrace.
            #expect(elapsed >= .milliseconds(1500))
            if let wrongGrace { #expect(elapsed < .seconds(1) + wrongGrace) }
            #expect(fileContents(attempt.workDirectory + "/sigterm-marker") == "terminated\n")
            let leader = try #require(recorder.startedHandle.flatMap { pid_t($0) })
            #expect(await ProcessTable.runningAfterSettling(pids: [], groups: [leader]).isEmpty)
        }
    }

    @Test func cancellingTheCallerGivesTheStageItsGracePeriodToo() async throws {
        try await withTemporaryDirectory { directory in
            let executor = LocalExecutor(gracePeriod: .seconds(30), hostEnvironment: ["PATH": "/usr/bin:/bin"])
            let attempt = try makeAttempt(
                in: directory, command: ["/bin/sh", "-c", checkpointingStage], gracePeriod: .milliseconds(500))
            let recorder = EventRecorder()
            let running = Task { await executor.run(attempt, report: recorder.report) }
            let leader = try #require(await recorder.startedProcess())
            try await waitForFile(attempt.workDirectory + "/ready")
            let clock = ContinuousClock()
            let cancelled = clock.now
            running.cancel()
            #expect(await running.value == .cancelled)
            let elapsed = clock.now - cancelled
            // Below the executor's 30 s by far, with room for a loaded machine.
            #expect(elapsed >= .milliseconds(500))
            #expect(elapsed < .seconds(20))
            #expect(fileContents(attempt.workDirectory + "/sigterm-marker") == "terminated\n")
            #expect(await ProcessTable.runningAfterSettling(pids: [], groups: [leader]).isEmpty)
        }
    }
}

/// Returns once `path` exists; fails after 30 s (a hang guard, not a timing assertion).
private func waitForFile(_ path: String) async throws {
    for _ in 0..<3000 {
        if FileManager.default.fileExists(atPath: path) { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("\(path) never appeared")
    throw CancellationError()
}
