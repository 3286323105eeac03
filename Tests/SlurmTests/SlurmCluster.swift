import Foundation
import ExecutorTestKit
import Runner
import StageProtocol
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

    /// Why the cluster tests are skipped when they are: what scripts/test said, when it
    /// could not start a cluster, or else how to get one.
    static let skipReason = Comment(
        rawValue: ProcessInfo.processInfo.environment["MODELBUILD_TEST_SLURM_SKIPPED"].map {
            "no Slurm cluster: \($0)"
        } ?? "no Slurm cluster answers sinfo here; scripts/test starts one when run as root or with passwordless sudo (or start one with scripts/slurm-up)")

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
