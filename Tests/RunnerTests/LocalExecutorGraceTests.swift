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
    /// executor's over the job's): an hour, so far above the right one that no stall of
    /// this process can blur them. The executor's timers share the test process's threads
    /// with the whole suite, whose synchronous fixture commands (git, Slurm) on a loaded
    /// two-core machine have held them for half a minute; a bound of ten minutes holds
    /// through that, and the watchdog kills a stage still running then, so a broken rule
    /// fails the test instead of hanging it for the hour. `BuildGracePeriodTests` checks
    /// the executor's own grace against the 10 s default in a modelbuild process of its own.
    @Test(arguments: [
        (Duration.seconds(3600), Duration?.some(.milliseconds(500)), true),
        (.milliseconds(500), nil, false),
    ])
    func aStoppedStageGetsSIGKILLItsGracePeriodAfterSIGTERM(
        executorGrace: Duration, jobGrace: Duration?, executorGraceIsWrong: Bool
    ) async throws {
        try await withTemporaryDirectory { directory in
            let executor = LocalExecutor(gracePeriod: executorGrace, hostEnvironment: ["PATH": "/usr/bin:/bin"])
            let attempt = try makeAttempt(
                in: directory, command: ["/bin/sh", "-c", checkpointingStage], timeout: .seconds(1),
                gracePeriod: jobGrace)
            let recorder = EventRecorder()
            let clock = ContinuousClock()
            let start = clock.now
            let running = Task { await executor.run(attempt, report: recorder.report) }
            let leader = try #require(await recorder.startedProcess())
            let outcome = await withWatchdog(killing: leader, after: Self.bound) { await running.value }
            let elapsed = clock.now - start
            #expect(outcome == .timedOut)
            // SIGTERM at 1 s, SIGKILL 500 ms later: never sooner, whatever the load.
            #expect(elapsed >= .milliseconds(1500))
            if executorGraceIsWrong { #expect(elapsed < Self.bound, "the executor's grace was used, not the job's") }
            #expect(fileContents(attempt.workDirectory + "/sigterm-marker") == "terminated\n")
            #expect(await ProcessTable.runningAfterSettling(pids: [], groups: [leader]).isEmpty)
        }
    }

    @Test func cancellingTheCallerGivesTheStageItsGracePeriodToo() async throws {
        try await withTemporaryDirectory { directory in
            let executor = LocalExecutor(gracePeriod: .seconds(3600), hostEnvironment: ["PATH": "/usr/bin:/bin"])
            let attempt = try makeAttempt(
                in: directory, command: ["/bin/sh", "-c", checkpointingStage], gracePeriod: .milliseconds(500))
            let recorder = EventRecorder()
            let running = Task { await executor.run(attempt, report: recorder.report) }
            let leader = try #require(await recorder.startedProcess())
            try await waitForFile(attempt.workDirectory + "/ready")
            let clock = ContinuousClock()
            let cancelled = clock.now
            running.cancel()
            let outcome = await withWatchdog(killing: leader, after: Self.bound) { await running.value }
            let elapsed = clock.now - cancelled
            #expect(outcome == .cancelled)
            #expect(elapsed >= .milliseconds(500))
            // The job's half second, not the executor's hour.
            #expect(elapsed < Self.bound, "the executor's grace was used, not the job's")
            #expect(fileContents(attempt.workDirectory + "/sigterm-marker") == "terminated\n")
            #expect(await ProcessTable.runningAfterSettling(pids: [], groups: [leader]).isEmpty)
        }
    }

    /// Far above any stall of a loaded machine, far below the wrong grace.
    static let bound = Duration.seconds(600)
}

/// Runs `body`; if it has not returned after `limit`, SIGKILLs process group `group` so
/// that it does (a hang guard: the stage would otherwise run for the wrong grace).
private func withWatchdog<T>(killing group: pid_t, after limit: Duration, _ body: () async -> T) async -> T {
    let watchdog = Task {
        try? await Task.sleep(for: limit)
        if !Task.isCancelled { kill(-group, SIGKILL) }
    }
    defer { watchdog.cancel() }
    return await body()
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
