import Foundation
import Runner
import StageProtocol
import Synchronization
import TestSupport
import Testing

import Glibc

/// The Slurm cluster the tests run on: the one `scripts/slurm-up` starts (CI starts it in
/// `.ci/run`). Tests that need it are enabled only when `sinfo` answers with a partition up;
/// otherwise Swift Testing lists them as skipped, with the reason.
enum SlurmCluster {
    /// Whether `sinfo` runs and reports at least one partition up.
    static let isAvailable: Bool = {
        let environment = ProcessInfo.processInfo.environment
        guard let result = try? SpawnedProcess.run("sinfo", ["--noheader", "--format=%a"], environment: environment)
        else { return false }
        return result.status == 0 && result.standardOutput.split(separator: "\n").contains("up")
    }()

    /// Why the cluster tests are skipped when they are.
    static let skipReason: Comment =
        "no Slurm cluster answers sinfo here; start one with scripts/slurm-up (CI does, in .ci/run)"

    /// The ids of `jobIDs` that plain `squeue` still lists (pending, running, completing).
    static func listed(_ jobIDs: [String]) throws -> [String] {
        guard !jobIDs.isEmpty else { return [] }
        let result = try SpawnedProcess.run(
            "squeue", ["--noheader", "--format=%i", "--jobs=" + jobIDs.joined(separator: ",")],
            environment: ProcessInfo.processInfo.environment)
        return result.standardOutput.split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// The state and raw `exit_code` squeue reports for `jobID`, even after it ended.
    static func state(of jobID: String) throws -> String {
        let result = try SpawnedProcess.run(
            "squeue", ["--noheader", "--states=all", "--format=%T", "--jobs=" + jobID],
            environment: ProcessInfo.processInfo.environment)
        return result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Cancels `jobIDs` (cleanup after a test that failed halfway).
    static func cancel(_ jobIDs: [String]) {
        guard !jobIDs.isEmpty else { return }
        _ = try? SpawnedProcess.run("scancel", jobIDs, environment: ProcessInfo.processInfo.environment)
    }
}

/// An attempt laid out in `directory` as the scheduler lays it out.
func makeAttempt(
    in directory: URL, stage: String = "train", command: [String], timeout: Duration? = nil,
    gracePeriod: Duration? = nil, secrets: [String] = [], resources: [String: Int] = [:], cacheKey: String? = nil
) throws -> Attempt {
    let work = directory.appendingPathComponent("runs/run-1/workdirs/\(stage)")
    let output = directory.appendingPathComponent("runs/run-1/out/\(stage).1")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    let context = StageContext(
        runID: "run-1", stage: stage, attempt: 1,
        build: .init(name: "nightly", kind: "nightly", version: nil, model: "lab-model"),
        output: output.path)
    let contextFile = directory.appendingPathComponent("runs/run-1/contexts/\(stage).1.json")
    try FileManager.default.createDirectory(
        at: contextFile.deletingLastPathComponent(), withIntermediateDirectories: true)
    try JSONEncoder().encode(context).write(to: contextFile)
    let job = Job(
        id: stage, command: command, resources: resources, timeout: timeout, gracePeriod: gracePeriod,
        cacheKey: cacheKey ?? randomCacheKey(), secrets: secrets, context: context)
    return Attempt(
        job: job, number: 1, context: context, contextFile: contextFile.path, workDirectory: work.path,
        logFile: directory.appendingPathComponent("runs/run-1/logs/\(stage).1.log").path)
}

/// A fresh, valid cache key, so no test adopts another's job.
func randomCacheKey() -> String {
    (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
}

/// Collects the events an attempt reports.
final class EventRecorder: Sendable {
    private let recorded = Mutex<[AttemptEvent]>([])

    var events: [AttemptEvent] { recorded.withLock { $0 } }

    var report: @Sendable (AttemptEvent) -> Void {
        { event in self.recorded.withLock { $0.append(event) } }
    }

    /// The Slurm job id from the `.started` event, if the attempt started.
    var jobID: String? {
        for case .started(_, let handle) in events { return handle }
        return nil
    }

    /// Waits (polling) until the attempt reported its start; the job id.
    func waitForStart(limit: Duration = .seconds(30)) async throws -> String? {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let jobID { return jobID }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }
}
