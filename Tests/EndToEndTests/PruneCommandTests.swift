import Foundation
import Platform
import TestSupport
import Testing

import Glibc

/// `modelbuild prune` after real builds: what it keeps (the newest runs, the run a build
/// record names, unfinished runs, and the store entries they used), what it removes, and
/// that builds before and after it, or running beside it, lose nothing they reuse.
@Suite struct PruneCommandTests {
    /// a → b, and with `failing`, c after b that exits 3; with `gate`, `wait` after b that
    /// waits for the project's `gate` file. `a` and `b` are the names the stages hash into
    /// their outputs, so changing one changes that stage's key and output (and b's, for a).
    static func config(a: String, b: String, failing: Bool = false, gate: Bool = false) -> String {
        """
        version: 1
        model: {name: lab-model}
        stages:
          a: {run: [sh, "{stage}", \(a), "0"]}
          b: {run: [sh, "{stage}", \(b), "0"], needs: [a]}
        \(failing ? "  c: {run: [sh, -c, \"exit 3\"], needs: [b]}" : "")
        \(gate ? "  wait: {run: [sh, \"{stage}\", wait, gate], needs: [b]}" : "")
        builds:
          nightly: {}
        """
    }

    @Test func keepsTheNewestRunTheRecordedRunAndTheirOutputsAndRerunsWhatWentAway() async throws {
        try await withBuildProject { project in
            try project.writeConfig(Self.config(a: "a1", b: "b"))
            try await project.expectBuild(status: 0)
            try project.writeConfig(Self.config(a: "a2", b: "b"))
            try await project.expectBuild(status: 0)
            try project.writeConfig(Self.config(a: "a2", b: "b3", failing: true))
            try await project.expectBuild(status: 1)
            let ids = try project.runIDs()
            try #require(ids.count == 3)
            let (first, recorded, newest) = (ids[0], ids[1], ids[2])
            let old = try project.keys(run: first)
            let kept = try project.keys(run: recorded)
            let latest = try project.keys(run: newest)
            #expect(latest["a"] == kept["a"])
            let oldBlobs = try old.values.flatMap { try project.storedFiles(key: $0).values }
            let keptBlobs = try (kept.values + [latest["b"]!]).flatMap { try project.storedFiles(key: $0).values }
            #expect(Set(oldBlobs).isDisjoint(with: keptBlobs))

            let before = Set(project.stateFiles())
            let dryRun = try await project.prune(["--keep-runs", "1", "--dry-run"])
            #expect(dryRun.status == 0, "\(dryRun.standardOutput)\(dryRun.standardError)")
            #expect(Set(project.stateFiles()) == before)
            #expect(dryRun.standardOutput.contains("would remove run \(first): finished, not among the newest 1"))
            #expect(dryRun.standardOutput.contains("keep   run \(recorded): the record of build nightly"))
            #expect(dryRun.standardOutput.contains("keep   run \(newest): among the newest 1 finished"))
            for key in old.values { #expect(dryRun.standardOutput.contains("would remove entry \(key)")) }

            let pruned = try await project.prune(["--keep-runs", "1"])
            #expect(pruned.status == 0, "\(pruned.standardOutput)\(pruned.standardError)")
            #expect(
                pruned.standardOutput
                    == dryRun.standardOutput.replacingOccurrences(of: "would remove", with: "remove")
                    .replacingOccurrences(of: "to remove", with: "removed")
                    .replacingOccurrences(of: "would reclaim", with: "reclaimed"),
                "a prune does what its dry run said")
            #expect(pruned.standardOutput.contains("runs: 2 kept, 1 removed"))
            #expect(try project.runIDs() == [recorded, newest])
            for key in old.values { #expect(!project.hasEntry(key)) }
            for key in Array(kept.values) + latest.values { #expect(project.hasEntry(key)) }
            let blobs = try project.blobs()
            #expect(blobs.isDisjoint(with: oldBlobs))
            #expect(blobs.isSuperset(of: keptBlobs))
            let ingredients = try project.ingredientKeys()
            #expect(ingredients.isDisjoint(with: old.values))
            #expect(ingredients.isSuperset(of: kept.values))

            try project.writeConfig(Self.config(a: "a2", b: "b"))
            let reused = try await project.expectBuild(status: 0)
            #expect(reused.jobs("job.reused") == ["a", "b"])
            #expect(reused.first("job.reused", job: "b")?.cacheKey == kept["b"])
            try project.writeConfig(Self.config(a: "a1", b: "b"))
            let rebuilt = try await project.expectBuild(status: 0)
            #expect(rebuilt.jobs("job.succeeded") == ["a", "b"])
            #expect(try project.keys(run: rebuilt.runID) == old)
        }
    }

    @Test func aPruneWhileABuildRunsRemovesNothingAndTheBuildReusesWhatItPlanned() async throws {
        try await withBuildProject { project in
            try project.writeConfig(Self.config(a: "a1", b: "b"))
            try await project.expectBuild(status: 0)
            let first = try #require(try project.runIDs().last)
            let old = try project.keys(run: first)
            try project.writeConfig(Self.config(a: "a2", b: "b"))
            try await project.expectBuild(status: 0)

            // Back to the first stages: the build reuses what only the oldest run made.
            try project.writeConfig(Self.config(a: "a1", b: "b", gate: true))
            let build = try await runModelbuild(["build", "nightly"], in: project.directory) { _ in
                _ = try await project.waitForJournal { $0.first("job.started", job: "wait") != nil }
                let before = Set(project.stateFiles())
                let refused = try await project.prune(["--keep-runs", "0"])
                #expect(refused.status == 1, "\(refused.standardOutput)\(refused.standardError)")
                #expect(refused.standardError.contains("a build is running"))
                #expect(refused.standardOutput.isEmpty)
                #expect(try project.runIDs().first == first)
                for key in old.values { #expect(project.hasEntry(key)) }
                #expect(Set(project.stateFiles()).isSuperset(of: before))
                try Data().write(to: project.directory.appendingPathComponent("gate"))
            }
            #expect(build.status == 0, "\(build.standardOutput)\(build.standardError)")
            let journal = try project.journal(run: try #require(try project.runIDs().last))
            #expect(journal.jobs("job.reused") == ["a", "b"])
            #expect(journal.first("job.reused", job: "a")?.cacheKey == old["a"])

            let pruned = try await project.prune(["--keep-runs", "0"])
            #expect(pruned.status == 0, "\(pruned.standardOutput)\(pruned.standardError)")
            #expect(try project.runIDs() == [journal.runID])
            for key in old.values { #expect(project.hasEntry(key)) }
        }
    }

    @Test func aBuildThatStartsDuringAPruneWaitsForIt() async throws {
        try await withBuildProject { project in
            try project.writeConfig(Self.config(a: "a1", b: "b"))
            try await project.expectBuild(status: 0)
            // Another process holds the store lock exclusively, as a prune does, until the
            // test lets go: once the build says it waits for it.
            let held = project.directory.appendingPathComponent("held").path
            let release = project.directory.appendingPathComponent("release").path
            async let pruning = runProgram(
                "/bin/sh",
                [
                    "-c", "exec 9>>.modelbuild/store/lock; flock -x 9; touch \"$0\"; while [ ! -e \"$1\" ]; do sleep 0.05; done",
                    held, release,
                ],
                in: project.directory)
            #expect(try await eventually(timeout: .seconds(300)) { FileManager.default.fileExists(atPath: held) })
            var released: Date?
            let build = try await withModelbuildRunning(["build", "nightly"], in: project.directory) { process in
                try await process.waitForOutput(containing: "modelbuild prune is working on the store; waiting")
                released = Date()
                try Data().write(to: URL(fileURLWithPath: release))
            }
            #expect(build.status == 0, "\(build.standardOutput)\(build.standardError)")
            #expect(build.standardOutput.contains("modelbuild prune is working on the store; waiting for it to finish"))
            #expect(try await pruning.status == 0)
            let journal = try project.journal(run: try #require(try project.runIDs().last))
            let started = try #require(journal.lines.first?.time)
            #expect(started >= (try #require(released)).addingTimeInterval(-0.001))
        }
    }

    @Test func anUnfinishedRunAndWhatItMadeStayUntilABuildClosesIt() async throws {
        try await withBuildProject { project in
            try project.writeConfig(Self.config(a: "a1", b: "b", gate: true))
            let killed = try await runModelbuild(["build", "nightly"], in: project.directory) { process in
                _ = try await project.waitForJournal { $0.first("job.started", job: "wait") != nil }
                process.send(SIGKILL)
            }
            #expect(killed.status == 128 + SIGKILL)
            let stale = try #require(try project.runIDs().last)
            let journal = try RunJournal(
                runID: stale, text: String(contentsOf: project.journalFile(run: stale), encoding: .utf8),
                completeLinesOnly: true)
            // The stage outlives modelbuild in its own session: end it.
            for group in journal.processGroups { _ = kill(-group, SIGKILL) }
            #expect(await ProcessTable.runningAfterSettling(pids: [], groups: journal.processGroups).isEmpty)
            let made = try project.keys(run: stale)
            #expect(made.keys.sorted() == ["a", "b"])

            let pruned = try await project.prune(["--keep-runs", "0"])
            #expect(pruned.status == 0, "\(pruned.standardOutput)\(pruned.standardError)")
            #expect(pruned.standardOutput.contains("keep   run \(stale): unfinished"))
            #expect(try project.runIDs() == [stale])
            for key in made.values { #expect(project.hasEntry(key)) }

            try Data().write(to: project.directory.appendingPathComponent("gate"))
            let resumed = try await project.expectBuild(status: 0)
            #expect(resumed.jobs("job.reused") == ["a", "b"])
            let closed = try await project.prune(["--keep-runs", "0"])
            #expect(closed.status == 0, "\(closed.standardOutput)\(closed.standardError)")
            #expect(closed.standardOutput.contains("remove run \(stale)"))
            #expect(try project.runIDs() == [resumed.runID])
        }
    }

    /// With `base: previous` the second build trains on the first one's model: only its
    /// build record (`baseModelKey`) still names that model once the first run is gone.
    @Test func theModelsABuildRecordNamesStay() async throws {
        try await withBuildProject { project in
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model, base: previous}
                stages:
                  train: {run: [sh, "{stage}", train, "0"]}
                builds:
                  nightly: {}
                """)
            let first = try await project.expectBuild(status: 0)
            let second = try await project.expectBuild(status: 0)
            let base = try #require(first.first("job.succeeded", job: "train")?.cacheKey)
            let model = try #require(second.first("job.succeeded", job: "train")?.cacheKey)
            #expect(model != base)
            let record = try #require(
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: project.stateDirectory.appendingPathComponent("builds/nightly.json")))
                    as? [String: Any])
            #expect(record["baseModelKey"] as? String == base)

            let pruned = try await project.prune(["--keep-runs", "0"])
            #expect(pruned.status == 0, "\(pruned.standardOutput)\(pruned.standardError)")
            #expect(try project.runIDs() == [second.runID])
            #expect(project.hasEntry(base))
            #expect(project.hasEntry(model))
            #expect(try project.ingredientKeys() == [base, model])
        }
    }

    @Test func aProjectThatNeverBuiltHasNothingToPrune() async throws {
        try await withBuildProject { project in
            let result = try await project.prune([])
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardOutput.hasPrefix("nothing to prune"))
            #expect(!FileManager.default.fileExists(atPath: project.stateDirectory.path))
        }
    }
}

extension BuildProject {
    /// Runs `modelbuild prune` with `arguments`.
    func prune(_ arguments: [String]) async throws -> CommandResult {
        try await runModelbuild(["prune"] + arguments, in: directory)
    }

    /// Builds `nightly`, expects `status`, and returns the new run's journal.
    @discardableResult
    func expectBuild(status: Int32) async throws -> RunJournal {
        let result = try await build(["nightly"])
        #expect(result.status == status, "\(result.standardOutput)\(result.standardError)")
        return try journal(run: try #require(try runIDs().last))
    }

    /// Job → the cache key run `id` built or reused it with.
    func keys(run id: String) throws -> [String: String] {
        var keys: [String: String] = [:]
        for line in try journal(run: id).lines where ["job.succeeded", "job.reused"].contains(line.event) {
            let key: String = try #require(line.cacheKey)
            keys[try #require(line.job)] = key
        }
        return keys
    }

    func hasEntry(_ key: String) -> Bool {
        FileManager.default.fileExists(atPath: storeDirectory.appendingPathComponent("entries/\(key).json").path)
    }

    /// The SHA-256 of every blob in the store.
    func blobs() throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: storeDirectory.appendingPathComponent("blobs/sha256").path))
    }

    /// The keys of `ingredients.log`'s lines: the SHA-256 of each line's JSON (a line
    /// `+N rest` is the previous line's first N bytes, then `rest`).
    func ingredientKeys() throws -> Set<String> {
        let text = try String(contentsOf: stateDirectory.appendingPathComponent("ingredients.log"), encoding: .utf8)
        var previous: [UInt8] = []
        var keys: Set<String> = []
        for line in text.split(separator: "\n") {
            var json = Array(line.utf8)
            if line.hasPrefix("+"), let space = line.firstIndex(of: " "), let shared = Int(line.dropFirst()[..<space]) {
                json = Array(previous[..<shared]) + Array(line[line.index(after: space)...].utf8)
            }
            keys.insert(SHA256Digest.hex(json))
            previous = json
        }
        return keys
    }
}
