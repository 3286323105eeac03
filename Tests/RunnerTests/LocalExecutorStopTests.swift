import Foundation
import ExecutorTestKit
import Runner
import TestSupport
import Testing

import Glibc

/// Stopping attempts: timeouts, cancellation, and processes a stage leaves behind. After
/// each, no process of the attempt's group may be running.
@Suite struct LocalExecutorStopTests {
    private let executor = LocalExecutor(
        gracePeriod: .milliseconds(300), hostEnvironment: ["PATH": "/usr/bin:/bin"])

    /// A stage and a background grandchild that both ignore SIGTERM; the grandchild writes
    /// its pid, so the test knows it really ran.
    private let stubbornTree = """
        trap "" TERM
        (trap "" TERM; sh -c 'echo $PPID' > grandchild.pid; sleep 100) &
        sleep 100
        """

    /// The grandchild's pid, once it has written it.
    private func grandchild(of attempt: Attempt) async throws -> pid_t {
        let path = attempt.workDirectory + "/grandchild.pid"
        func written() -> pid_t? { pid_t(fileContents(path).trimmingCharacters(in: .whitespacesAndNewlines)) }
        _ = try await eventually(timeout: .seconds(300)) { written() != nil }
        return try #require(written(), "the grandchild never wrote its pid")
    }

    @Test func aTimeoutStopsTheWholeGroupEvenWhatIgnoresSIGTERM() async throws {
        try await withTemporaryDirectory { directory in
            let attempt = try makeAttempt(
                in: directory, command: ["/bin/sh", "-c", stubbornTree], timeout: .milliseconds(700)
            )
            let recorder = EventRecorder()
            #expect(await executor.run(attempt, report: recorder.report) == .timedOut)
            let leader = try #require(recorder.startedHandle.flatMap { pid_t($0) })
            let grandchild = try await grandchild(of: attempt)
            #expect(await ProcessTable.runningAfterSettling(pids: [], groups: [leader]).isEmpty)
            #expect(!ProcessTable.isRunning(grandchild))
        }
    }

    /// SIGTERM ends the leader at once, so the teardown has no SIGKILL left to send; the
    /// final sweep must still catch the grandchild that ignored SIGTERM.
    @Test func aGrandchildIgnoringSIGTERMDoesNotOutliveALeaderThatObeyedIt() async throws {
        try await withTemporaryDirectory { directory in
            let script = """
                (trap "" TERM; sh -c 'echo $PPID' > grandchild.pid; sleep 100) &
                sleep 100
                """
            let attempt = try makeAttempt(
                in: directory, command: ["/bin/sh", "-c", script], timeout: .milliseconds(500))
            let recorder = EventRecorder()
            #expect(await executor.run(attempt, report: recorder.report) == .timedOut)
            let leader = try #require(recorder.startedHandle.flatMap { pid_t($0) })
            let grandchild = try await grandchild(of: attempt)
            #expect(await ProcessTable.runningAfterSettling(pids: [], groups: [leader]).isEmpty)
            #expect(!ProcessTable.isRunning(grandchild))
        }
    }

    @Test func aTimeoutSendsSIGTERMFirstAndLogsWhatTheStageSaysDuringItsGracePeriod() async throws {
        try await withTemporaryDirectory { directory in
            let script = """
                trap 'echo "stopping cleanly"; exit 0' TERM
                echo ready
                sleep 100
                """
            let attempt = try makeAttempt(
                in: directory, command: ["/bin/sh", "-c", script], timeout: .milliseconds(300))
            #expect(await executor.run(attempt, report: { _ in }) == .timedOut)
            // sh may also report its foreground `sleep` as "Terminated", on stderr.
            let lines = fileContents(attempt.logFile).split(separator: "\n")
            #expect(lines.contains("ready"))
            #expect(lines.contains("stopping cleanly"))
        }
    }

    /// With its output closed there is no pipe to wait on: the timeout must still fire.
    @Test func aStageThatClosesItsOutputStillTimesOut() async throws {
        try await withTemporaryDirectory { directory in
            let attempt = try makeAttempt(
                in: directory, command: ["/bin/sh", "-c", "exec >/dev/null 2>&1; sleep 100"],
                timeout: .milliseconds(300))
            #expect(await executor.run(attempt, report: { _ in }) == .timedOut)
        }
    }

    @Test func cancellingTheCallerStopsTheWholeGroup() async throws {
        try await withTemporaryDirectory { directory in
            let attempt = try makeAttempt(in: directory, command: ["/bin/sh", "-c", stubbornTree])
            let recorder = EventRecorder()
            let running = Task { await executor.run(attempt, report: recorder.report) }
            let leader = try #require(await recorder.startedProcess())
            let grandchild = try await grandchild(of: attempt)
            #expect(ProcessTable.isRunning(grandchild))
            running.cancel()
            #expect(await running.value == .cancelled)
            #expect(await ProcessTable.runningAfterSettling(pids: [], groups: [leader]).isEmpty)
            #expect(!ProcessTable.isRunning(grandchild))
        }
    }

    @Test func anAlreadyCancelledCallerStartsNothing() async throws {
        try await withTemporaryDirectory { directory in
            let attempt = try makeAttempt(
                in: directory, command: ["/bin/sh", "-c", "touch started"])
            let recorder = EventRecorder()
            let running = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return await executor.run(attempt, report: recorder.report)
            }
            #expect(await running.value == .cancelled)
            #expect(recorder.events.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: attempt.workDirectory + "/started"))
        }
    }

    @Test func processesLeftBehindByAFinishedStageAreKilled() async throws {
        try await withTemporaryDirectory { directory in
            // The grandchild keeps stdout open; the attempt must still end with its leader.
            let script = """
                (trap "" TERM; sh -c 'echo $PPID' > grandchild.pid; sleep 100) &
                while [ ! -s grandchild.pid ]; do sleep 0.01; done
                echo finished
                """
            let attempt = try makeAttempt(in: directory, command: ["/bin/sh", "-c", script])
            let recorder = EventRecorder()
            #expect(await executor.run(attempt, report: recorder.report) == .succeeded)
            let leader = try #require(recorder.startedHandle.flatMap { pid_t($0) })
            let grandchild = try await grandchild(of: attempt)
            #expect(await ProcessTable.runningAfterSettling(pids: [], groups: [leader]).isEmpty)
            #expect(!ProcessTable.isRunning(grandchild))
            #expect(fileContents(attempt.logFile) == "finished\n")
        }
    }
}
