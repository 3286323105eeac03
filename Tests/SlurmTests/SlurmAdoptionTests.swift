import ExecutorTestKit
import Foundation
import Subprocess
import SystemPackage
import Testing
import TestSupport

import Glibc

/// A modelbuild killed while its Slurm jobs run: the rerun adopts them instead of
/// submitting the same work twice. Runs the real binary twice on the real cluster.
@Suite(.enabled(if: SlurmCluster.isAvailable, SlurmCluster.skipReason))
struct SlurmAdoptionTests {
    static func config(stage: String) -> String {
        """
        version: 1
        model: {name: lab-model}
        executor:
          kind: slurm
          workers: 2
        stages:
          slow:
            run: [python3, "\(stage)", slow]
          after:
            run: [python3, "\(stage)", after]
            needs: [slow]
        builds:
          nightly: {version: "nightly-{date}"}
        """
    }

    /// `slow` waits for the test's go-ahead file, so it is surely running when modelbuild is
    /// killed; each stage leaves a value and what it saw.
    static let stage = """
        import json, os, sys, time
        context = json.load(open(os.environ["MODELBUILD_CONTEXT"]))
        role = sys.argv[1]
        if role == "slow":
            print("::progress 0.1 waiting", flush=True)
            while not os.path.exists(os.path.join(os.path.dirname(os.path.abspath(__file__)), "go")):
                time.sleep(0.1)
        seen = [open(os.path.join(path, "value")).read() for _, path in sorted(context["inputs"].items())]
        open(os.path.join(context["output"], "value"), "w").write(role + "<" + ",".join(seen))
        json.dump(context["inputs"], open(os.path.join(context["output"], "inputs.json"), "w"))
        print("done", role, flush=True)
        """

    @Test func theRerunAdoptsTheJobsOfAKilledBuild() async throws {
        try await withStateFolder { root in
            let stage = root.appendingPathComponent("stage.py").path
            try Data(Self.config(stage: stage).utf8).write(to: root.appendingPathComponent("builds.yaml"))
            try Data(Self.stage.utf8).write(to: root.appendingPathComponent("stage.py"))

            let first = try await startBuildAndKill(in: root, whenStarted: "slow")
            defer { SlurmCluster.cancel([first]) }
            #expect(try SlurmCluster.listed([first]) == [first], "the killed build's job keeps running")

            try Data().write(to: root.appendingPathComponent("go"))
            let rerun = try await runModelbuild(["build", "nightly", "--json"], in: root)
            #expect(rerun.status == 0, "\(rerun.standardOutput)\n\(rerun.standardError)")
            let records = rerun.standardOutput.split(separator: "\n").compactMap { line in
                try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            }
            let starts = records.filter { $0["event"] as? String == "job.started" }
            let slowStart = try #require(starts.first { $0["job"] as? String == "slow" })
            #expect(slowStart["handle"] as? String == first, "slow is the adopted job, not a new one")
            #expect(starts.filter { $0["job"] as? String == "slow" }.count == 1)
            #expect(records.contains { $0["event"] as? String == "job.succeeded" && $0["job"] as? String == "after" })
            let runID = try #require(records.first?["runID"] as? String)
            let runFolder = root.path + "/.modelbuild/runs/" + runID
            let log = try String(contentsOfFile: runFolder + "/logs/slow.1.log", encoding: .utf8)
            #expect(log.contains("adopted Slurm job \(first)"))
            #expect(log.contains("done slow"))
            let afterKey = try #require(
                records.first { $0["event"] as? String == "job.succeeded" && $0["job"] as? String == "after" }?["cacheKey"]
                    as? String)
            let entry = try #require(
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: root.path + "/.modelbuild/store/entries/\(afterKey).json")))
                    as? [String: Any])
            func stored(_ file: String) throws -> String {
                let blob = try #require(((entry["files"] as? [String: Any])?[file] as? [String: Any])?["sha256"] as? String)
                return try String(contentsOfFile: root.path + "/.modelbuild/store/blobs/sha256/" + blob, encoding: .utf8)
            }
            // after read its own copy of slow's outputs (gone with the attempt, as its
            // context is); what it wrote says what it saw.
            let inputs = try JSONSerialization.jsonObject(with: Data(try stored("inputs.json").utf8)) as? [String: String]
            #expect(inputs?["slow"]?.hasPrefix(runFolder + "/inputs/") == true)
            #expect(try stored("value") == "after<slow<")
        }
    }

    /// Starts `modelbuild build nightly --json` in `directory`, SIGKILLs it once `stage` has
    /// started, and returns that stage's Slurm job id.
    func startBuildAndKill(in directory: URL, whenStarted stage: String) async throws -> String {
        let result = try await Subprocess.run(
            .path(FilePath(modelbuildBinary)), arguments: ["build", "nightly", "--json"],
            workingDirectory: FilePath(directory.path), input: .none, output: .sequence, error: .discarded
        ) { execution -> String? in
            var pending = ""
            for try await chunk in execution.standardOutput {
                pending += chunk.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
                while let newline = pending.firstIndex(of: "\n") {
                    let line = String(pending[..<newline])
                    pending = String(pending[pending.index(after: newline)...])
                    guard let record = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                        record["event"] as? String == "job.started", record["job"] as? String == stage,
                        let handle = record["handle"] as? String
                    else { continue }
                    try execution.send(signal: .kill)
                    return handle
                }
            }
            return nil
        }
        guard case .signaled(SIGKILL) = result.terminationStatus, let handle = result.closureResult else {
            throw ProcessFailure(description: "modelbuild ended (\(result.terminationStatus)) before \(stage) started")
        }
        return handle
    }
}
