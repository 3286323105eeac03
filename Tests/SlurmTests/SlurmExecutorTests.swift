import Foundation
import ExecutorTestKit
import Runner
import Testing
import TestSupport

/// Single attempts on the real cluster: each test submits real jobs and reads their real
/// endings.
@Suite(.enabled(if: SlurmCluster.isAvailable, SlurmCluster.skipReason))
struct SlurmExecutorTests {
    let executor = SlurmExecutor(pollInterval: .milliseconds(500))

    @Test func aStageRunsWithTheContextProtocolAndReportsItsProtocolLines() async throws {
        try await withStateFolder { root in
            let script = """
                echo "::progress 0.25 reading"
                echo "::metric loss=0.5"
                echo "context at $MODELBUILD_CONTEXT" >&2
                cp "$MODELBUILD_CONTEXT" context-copy.json
                """
            let attempt = try makeAttempt(in: root, command: ["sh", "-c", script])
            let events = EventRecorder()
            let outcome = await executor.run(attempt, report: events.report)
            #expect(outcome == .succeeded)
            let jobID = try #require(events.startedHandle)
            #expect(events.events.first == .started(host: "localhost", handle: jobID))
            #expect(events.events.contains(.progress(fraction: 0.25, message: "reading")))
            #expect(events.events.contains(.metric(name: "loss", value: 0.5)))
            let log = try String(contentsOfFile: attempt.logFile, encoding: .utf8)
            #expect(log.contains("context at \(attempt.contextFile)"))
            // It ran in the attempt's work directory, which holds the record of its job.
            #expect(FileManager.default.fileExists(atPath: attempt.workDirectory + "/context-copy.json"))
            let record = try String(contentsOfFile: attempt.workDirectory + "/slurm-job.json", encoding: .utf8)
            #expect(record.contains("\"jobID\" : \"\(jobID)\""))
        }
    }

    @Test func secretsReachTheStageMaskedInTheLogAndAreWrittenNowhere() async throws {
        try await withStateFolder { root in
            let secret = "s3cr3t-\(UUID().uuidString)"
            let attempt = try makeAttempt(
                in: root, command: ["sh", "-c", "echo \"token=$MODEL_TOKEN\"; echo \"$MODEL_TOKEN\" >&2; env"],
                secrets: ["MODEL_TOKEN"])
            let executor = SlurmExecutor(
                hostEnvironment: ProcessInfo.processInfo.environment.merging(["MODEL_TOKEN": secret]) { $1 },
                pollInterval: .milliseconds(500))
            let outcome = await executor.run(attempt, report: EventRecorder().report)
            #expect(outcome == .succeeded)
            let log = try String(contentsOfFile: attempt.logFile, encoding: .utf8)
            #expect(log.contains("token=***"))
            #expect(log.contains("MODEL_TOKEN=***"))
            #expect(!log.contains(secret))
            // The stage's environment is the allowlist, the context, the secret and Slurm's.
            let names = Set(log.split(separator: "\n").compactMap { $0.split(separator: "=").first.map(String.init) })
            let unexpected = names.filter {
                !StageEnvironment.allowlist.contains($0) && !$0.hasPrefix("SLURM_")
                    && ![
                        "MODELBUILD_CONTEXT", "MODELBUILD_OUTPUT", "MODELBUILD_INPUTS", "MODELBUILD_PROJECT",
                        "MODEL_TOKEN", "PWD", "token", "***",
                    ].contains($0)
            }
            #expect(unexpected.isEmpty, "unexpected variables: \(unexpected.sorted())")
            for file in try allFiles(under: root) {
                let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: file)), as: UTF8.self)
                #expect(!text.contains(secret), "\(file) holds the secret")
            }
        }
    }

    @Test func aFailingStageEndsWithItsExitStatus() async throws {
        try await withStateFolder { root in
            let attempt = try makeAttempt(in: root, command: ["sh", "-c", "echo failing; exit 3"])
            let outcome = await executor.run(attempt, report: EventRecorder().report)
            #expect(outcome == .failed(exitStatus: 3))
            #expect(try String(contentsOfFile: attempt.logFile, encoding: .utf8).contains("failing"))
        }
    }

    @Test func aStageKilledByASignalIsSignalled() async throws {
        try await withStateFolder { root in
            let attempt = try makeAttempt(in: root, command: ["sh", "-c", "kill -SEGV $$"])
            let outcome = await executor.run(attempt, report: EventRecorder().report)
            #expect(outcome == .signalled(SIGSEGV))
        }
    }

    @Test func aStagePastItsTimeoutIsCancelledAndTimedOut() async throws {
        try await withStateFolder { root in
            let attempt = try makeAttempt(in: root, command: ["sleep", "600"], timeout: .seconds(2))
            let events = EventRecorder()
            let started = ContinuousClock.now
            let outcome = await executor.run(attempt, report: events.report)
            #expect(outcome == .timedOut)
            // Stopped at its timeout, not when its ten-minute sleep ends; five minutes hold
            // on any loaded machine.
            #expect(ContinuousClock.now - started < .seconds(300))
            let jobID = try #require(events.startedHandle)
            #expect(try SlurmCluster.listed([jobID]).isEmpty)
            #expect(try SlurmCluster.state(of: jobID) == "CANCELLED")
            let script = try String(contentsOfFile: attempt.workDirectory + "/slurm-batch.sh", encoding: .utf8)
            #expect(script.contains("exec env -i"))
        }
    }

    @Test func cancellingTheAttemptCancelsTheJobAndWaitsForItToGo() async throws {
        try await withStateFolder { root in
            let attempt = try makeAttempt(in: root, command: ["sleep", "120"])
            let events = EventRecorder()
            let running = Task { await executor.run(attempt, report: events.report) }
            let jobID = try #require(try await events.waitForStart())
            running.cancel()
            #expect(await running.value == .cancelled)
            #expect(try SlurmCluster.listed([jobID]).isEmpty)
        }
    }

    @Test func aJobCancelledBySomeoneElseIsAFailureThatIsNotRetried() async throws {
        try await withStateFolder { root in
            let attempt = try makeAttempt(in: root, command: ["sleep", "120"])
            let events = EventRecorder()
            let running = Task { await executor.run(attempt, report: events.report) }
            let jobID = try #require(try await events.waitForStart())
            SlurmCluster.cancel([jobID])
            let outcome = await running.value
            guard case .lost(let reason, let retryable) = outcome else {
                Issue.record("expected lost, got \(outcome)")
                return
            }
            #expect(reason.contains("cancelled outside modelbuild"))
            #expect(!retryable)
        }
    }

    @Test func aSubmissionSlurmRefusesIsLostWithSbatchsMessage() async throws {
        try await withStateFolder { root in
            let attempt = try makeAttempt(in: root, command: ["true"])
            let executor = SlurmExecutor(settings: SlurmSettings(partition: "no-such-partition"))
            let outcome = await executor.run(attempt, report: EventRecorder().report)
            guard case .lost(let reason, let retryable) = outcome else {
                Issue.record("expected lost, got \(outcome)")
                return
            }
            #expect(reason.contains("sbatch"))
            #expect(reason.lowercased().contains("partition"))
            #expect(!retryable)
        }
    }

    @Test func theClusterCheckProbesTheStateDirectoryAndNamesWhatIsWrong() async throws {
        try await withStateFolder { root in
            try await executor.checkCluster(stateDirectory: root.path)
            let missing = root.path + "/missing"
            let error = await #expect(throws: SlurmError.self) {
                try await executor.checkCluster(stateDirectory: missing)
            }
            guard case .stateDirectoryUnreachable(let path, _) = error else {
                Issue.record("expected stateDirectoryUnreachable, got \(String(describing: error))")
                return
            }
            #expect(path == missing)
            let elsewhere = SlurmExecutor(settings: SlurmSettings(partition: "gpu-nowhere"))
            await #expect(throws: SlurmError.unknownPartition(name: "gpu-nowhere", known: ["debug"])) {
                try await elsewhere.checkCluster(stateDirectory: root.path, probe: false)
            }
            await #expect(throws: SlurmError.stateDirectoryNotAbsolute(path: "relative/state")) {
                try await executor.checkCluster(stateDirectory: "relative/state", probe: false)
            }
        }
    }
}

/// Every regular file under `root`.
func allFiles(under root: URL) throws -> [String] {
    var files: [String] = []
    let enumerator = FileManager.default.enumerator(atPath: root.path)
    while let relative = enumerator?.nextObject() as? String {
        let path = root.path + "/" + relative
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            files.append(path)
        }
    }
    return files
}
