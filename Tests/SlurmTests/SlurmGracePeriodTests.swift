import Foundation
import ExecutorTestKit
import Runner
import Testing
import TestSupport

/// A job's grace period on the real cluster: SIGTERM first, `scancel` only once the grace
/// period is over. The cluster scripts/slurm-up starts has a KillWait of 5 s.
@Suite(.enabled(if: SlurmCluster.isAvailable, SlurmCluster.skipReason))
struct SlurmGracePeriodTests {
    /// On SIGTERM the stage takes 7 s, longer than KillWait, to write its checkpoint: a plain
    /// `scancel` would kill it first. With secrets, the batch script's masking loop is in
    /// the way too.
    @Test(arguments: [[], ["MODEL_TOKEN"]])
    func aStagePastItsTimeoutHasItsGracePeriodToFinish(secrets: [String]) async throws {
        try await withStateFolder { root in
            let stage = """
                trap 'sleep 7; echo "checkpoint written for $MODEL_TOKEN"; exit 0' TERM
                sleep 1200
                """
            // The grace is ten minutes, the bound five: the run must end when the stage
            // does, not when the grace is over, and five minutes hold on any loaded machine.
            let attempt = try makeAttempt(
                in: root, command: ["sh", "-c", stage], timeout: .seconds(2), gracePeriod: .seconds(600),
                secrets: secrets)
            let executor = SlurmExecutor(
                hostEnvironment: ProcessInfo.processInfo.environment.merging(["MODEL_TOKEN": "s3cr3t"]) { $1 },
                pollInterval: .milliseconds(500))
            let events = EventRecorder()
            let started = ContinuousClock.now
            #expect(await executor.run(attempt, report: events.report) == .timedOut)
            #expect(ContinuousClock.now - started < .seconds(300))
            let log = try String(contentsOfFile: attempt.logFile, encoding: .utf8)
            let token = secrets.isEmpty ? "" : "***"
            #expect(log.contains("checkpoint written for \(token)\n"), "\(log)")
            let jobID = try #require(events.startedHandle)
            #expect(try SlurmCluster.listed([jobID]).isEmpty)
        }
    }

    /// A stage that does not end within its grace period is cancelled once it is over.
    @Test func aStageOutlastingItsGracePeriodIsCancelled() async throws {
        try await withStateFolder { root in
            let stage = """
                trap 'touch sigterm-marker; sleep 600' TERM
                sleep 600
                """
            let attempt = try makeAttempt(
                in: root, command: ["sh", "-c", stage], timeout: .seconds(2), gracePeriod: .seconds(1))
            let events = EventRecorder()
            let started = ContinuousClock.now
            #expect(await SlurmExecutor(pollInterval: .milliseconds(500)).run(attempt, report: events.report) == .timedOut)
            // Killed a second after SIGTERM, not when its ten-minute sleep ends.
            #expect(ContinuousClock.now - started < .seconds(300))
            #expect(FileManager.default.fileExists(atPath: attempt.workDirectory + "/sigterm-marker"))
            let jobID = try #require(events.startedHandle)
            #expect(try SlurmCluster.listed([jobID]).isEmpty)
            #expect(try SlurmCluster.state(of: jobID) == "CANCELLED")
        }
    }
}
