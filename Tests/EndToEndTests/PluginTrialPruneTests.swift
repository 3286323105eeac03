import Foundation
import Platform
import TestSupport
import Testing

/// `modelbuild prune` keeps the newest `--keep-runs` trials (`plugins run`) of each
/// plugin and any trial still running; the others go, as its dry run said.
@Suite struct PluginTrialPruneTests {
    @Test func keepsTheNewestTrialsOfEachPluginAndARunningOne() async throws {
        try await withTemporaryDirectory { directory in
            #expect(try await runModelbuild(["init", "lab"], in: directory).status == 0)
            let project = directory.appendingPathComponent("lab")
            #expect(try await runModelbuild(["plugins", "new", "counter"], in: project).status == 0)
            let data = directory.appendingPathComponent("data")
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
            try "a\n".write(to: data.appendingPathComponent("one.txt"), atomically: true, encoding: .utf8)
            for _ in 0..<3 {
                let ran = try await runModelbuild(["plugins", "run", "counter", "--input", "generate=\(data.path)"], in: project)
                #expect(ran.status == 0, "\(ran.standardOutput)\(ran.standardError)")
            }
            let trials = project.appendingPathComponent(".modelbuild/plugin-runs/counter")
            let started = try FileSystem.sortedEntries(trials.path)
            try #require(started.count == 3)
            // Each trial held its lock while it ran, and let it go.
            for trial in started { #expect(try !FileLock.isHeld(trials.path + "/" + trial + "/lock")) }

            let dryRun = try await runModelbuild(["prune", "--keep-runs", "2", "--dry-run"], in: project)
            #expect(dryRun.status == 0, "\(dryRun.standardOutput)\(dryRun.standardError)")
            #expect(dryRun.standardOutput.contains("would remove plugin trial counter/\(started[0]): not among the newest 2 of its plugin"))
            #expect(dryRun.standardOutput.contains("plugin trials: 2 kept, 1 to remove"))
            #expect(try FileSystem.sortedEntries(trials.path) == started)

            let pruned = try await runModelbuild(["prune", "--keep-runs", "2", "--json"], in: project)
            #expect(pruned.status == 0, "\(pruned.standardOutput)\(pruned.standardError)")
            let json = try #require(JSONSerialization.jsonObject(with: Data(pruned.standardOutput.utf8)) as? [String: Any])
            #expect(json["removedPluginTrials"] as? [String] == ["counter/\(started[0])"])
            #expect(json["keptPluginTrials"] as? Int == 2)
            #expect((json["bytes"] as? Int ?? 0) > 0)
            #expect(try FileSystem.sortedEntries(trials.path) == Array(started.dropFirst()))

            // A trial whose lock is held is running: even --keep-runs 0 keeps it.
            let running = try FileLock.lock(trials.path + "/" + started[1] + "/lock", .exclusive)
            defer { running.release() }
            let all = try await runModelbuild(["prune", "--keep-runs", "0"], in: project)
            #expect(all.status == 0, "\(all.standardOutput)\(all.standardError)")
            #expect(all.standardOutput.contains("plugin trials: 1 kept, 1 removed"), "\(all.standardOutput)")
            #expect(try FileSystem.sortedEntries(trials.path) == [started[1]])
        }
    }
}
