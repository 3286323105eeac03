import Foundation
import ExecutorTestKit
import Runner
import Store
import Testing
import TestSupport

@Suite struct StatePrunerTests {
    @Test func keepsTheNewestFinishedRunsAndEveryOpenOrPinnedRun() async throws {
        try await withStateFolder { root in
            let state = StateDirectory(path: root.path + "/.modelbuild")
            let old = try makeRun(state, "20261127T090000.000Z-aaaaaa", finished: true)
            let pinned = try makeRun(state, "20261127T090100.000Z-bbbbbb", finished: true)
            let unfinished = try makeRun(state, "20261127T090200.000Z-cccccc", finished: false)
            let (running, runningLock) = try state.beginRun(id: "20261127T090300.000Z-dddddd")
            defer { runningLock.release() }
            let middle = try makeRun(state, "20261127T090400.000Z-eeeeee", finished: true)
            let newest = try makeRun(state, "20261127T090500.000Z-ffffff", finished: true)
            // A stage left a read-only folder in its working directory.
            try write("data", to: old.workDirectory(stage: "train") + "/locked/file")
            try FileManager.default.setAttributes(
                [.posixPermissions: 0o555], ofItemAtPath: old.workDirectory(stage: "train") + "/locked")

            let pruner = StatePruner(state: state)
            let plan = try pruner.plan(keepNewestRuns: 1, pinnedRuns: [pinned.id: "the record of build nightly"])
            let decisions = Dictionary(uniqueKeysWithValues: plan.runs.map { ($0.run.id, $0.keptBecause) })
            #expect(decisions[old.id] == [])
            #expect(decisions[pinned.id] == [.pinned("the record of build nightly")])
            #expect(decisions[unfinished.id] == [.unfinished])
            #expect(decisions[running.id] == [.running])
            #expect(decisions[middle.id] == [])
            #expect(decisions[newest.id] == [.newest])
            #expect(plan.bytesToReclaim > 4)

            try pruner.carryOut(plan)
            #expect(try state.runs().map(\.id) == [pinned.id, unfinished.id, running.id, newest.id])
            #expect(try FileManager.default.contentsOfDirectory(atPath: state.runsDirectory).sorted()
                == [pinned.id, unfinished.id, running.id, newest.id])
        }
    }

    @Test func keepsTheEntriesKeptRunsUsedAndPinnedKeysAndRemovesTheRestWithTheirTreesAndBlobs() async throws {
        try await withStateFolder { root in
            let state = StateDirectory(path: root.path + "/.modelbuild")
            let store = try state.openStore()
            // "shared" is in a kept and a removed entry; each "only-…" is in one entry.
            for (key, files) in [
                ("built", ["a.txt": "shared", "b.txt": "only-built"]), ("reused", ["r.txt": "only-reused"]),
                ("pinned", ["p.txt": "only-pinned"]), ("old", ["a.txt": "shared", "c.txt": "only-old"]),
                ("stray", ["s.txt": "only-stray"]),
            ] {
                let output = root.path + "/out-" + key
                for (path, text) in files { try write(text, to: output + "/" + path) }
                try store.ingest(outputDirectory: output, key: key, origin: origin)
                try FileManager.default.removeItem(atPath: output)
            }
            _ = try store.directory("built")
            _ = try store.directory("old")
            _ = try makeRun(state, "20261127T090000.000Z-aaaaaa", finished: true, succeeded: ["old"])
            _ = try makeRun(state, "20261127T090100.000Z-bbbbbb", finished: true, succeeded: ["built"], reused: ["reused"])
            let removedBytes = try ["old", "stray"].reduce(Int64(0)) { total, key in
                total + (try fileSize(store.root + "/entries/\(key).json"))
            } + Int64("only-old".utf8.count + "only-stray".utf8.count)

            let pruner = StatePruner(state: state)
            let plan = try pruner.plan(keepNewestRuns: 1, pinnedKeys: ["pinned", "absent"])
            #expect(plan.keptEntries == ["built", "reused", "pinned"])
            #expect(plan.removedEntries.map(\.key) == ["old", "stray"])
            #expect(plan.removedEntries.map(\.reason) == [.unused, .unused])
            #expect(plan.removedEntries.map(\.job) == ["train", "train"])
            #expect(plan.removedTrees == ["old"])
            #expect(try texts(ofBlobs: plan.removedBlobs, in: store) == ["only-old", "only-stray"])
            #expect(plan.keptBlobCount == 4)
            #expect(try plan.bytesToReclaim == removedBytes + runFolderBytes(plan))

            try pruner.carryOut(plan)
            #expect(try entries(store) == ["built", "pinned", "reused"])
            #expect(try FileManager.default.contentsOfDirectory(atPath: store.root + "/trees") == ["built"])
            let blobs = try FileManager.default.contentsOfDirectory(atPath: store.root + "/blobs/sha256")
            #expect(try texts(ofBlobs: blobs, in: store) == ["shared", "only-built", "only-reused", "only-pinned"])
            let tree = try store.directory("built")
            #expect(try String(contentsOfFile: tree + "/a.txt", encoding: .utf8) == "shared")
            #expect(try fileStatus(tree).st_mode & 0o777 == 0o555)
            #expect(try FileManager.default.contentsOfDirectory(atPath: store.root + "/tmp").isEmpty)
        }
    }

    @Test func aDamagedEntryGoesEvenWhenAKeptRunUsedIt() async throws {
        try await withStateFolder { root in
            let state = StateDirectory(path: root.path + "/.modelbuild")
            let store = try state.openStore()
            try write("hello\n", to: root.path + "/out/a.txt")
            try store.ingest(outputDirectory: root.path + "/out", key: "cut", origin: origin)
            // A power cut left half the entry.
            let entry = store.root + "/entries/cut.json"
            let bytes = try Data(contentsOf: URL(fileURLWithPath: entry))
            try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: entry))
            _ = try makeRun(state, "20261127T090000.000Z-aaaaaa", finished: true, succeeded: ["cut"])

            let plan = try StatePruner(state: state).plan(keepNewestRuns: 5)
            #expect(plan.removedEntries.map(\.key) == ["cut"])
            #expect(plan.removedEntries.map(\.reason) == [.damaged])
            #expect(plan.removedEntries.map(\.job) == [nil])
            #expect(plan.removedBlobs == [helloSHA256])
        }
    }

    @Test func whatInterruptedWorkLeftBehindGoes() async throws {
        try await withStateFolder { root in
            let state = StateDirectory(path: root.path + "/.modelbuild")
            let store = try state.openStore()
            try write("half", to: store.root + "/tmp/tree-0123/data/part")
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: store.root + "/tmp/tree-0123/data")
            try write("{", to: store.root + "/entries/.tmp-0123-key.json")
            try write("log", to: state.runsDirectory + "/.removing-20261127T090000.000Z-aaaaaa/logs/a.1.log")

            let pruner = StatePruner(state: state)
            let plan = try pruner.plan(keepNewestRuns: 20)
            #expect(plan.runs.isEmpty)
            #expect(plan.leftovers.count == 3)
            #expect(plan.bytesToReclaim == 8)
            try pruner.carryOut(plan)
            #expect(try FileManager.default.contentsOfDirectory(atPath: store.root + "/tmp").isEmpty)
            #expect(try FileManager.default.contentsOfDirectory(atPath: store.root + "/entries").isEmpty)
            #expect(try FileManager.default.contentsOfDirectory(atPath: state.runsDirectory).isEmpty)
        }
    }

    @Test func aStoreWithoutRunsIsPrunedToo() async throws {
        try await withStateFolder { root in
            let state = StateDirectory(path: root.path + "/.modelbuild")
            let store = try state.openStore()
            try write("hello\n", to: root.path + "/out/a.txt")
            try store.ingest(outputDirectory: root.path + "/out", key: "k", origin: origin)
            let plan = try StatePruner(state: state).plan(keepNewestRuns: 20)
            #expect(plan.runs.isEmpty)
            #expect(plan.removedEntries.map(\.key) == ["k"])
        }
    }

    @Test func planningTouchesNothing() async throws {
        try await withStateFolder { root in
            let state = StateDirectory(path: root.path + "/.modelbuild")
            let store = try state.openStore()
            try write("hello\n", to: root.path + "/out/a.txt")
            try store.ingest(outputDirectory: root.path + "/out", key: "k", origin: origin)
            _ = try store.directory("k")
            _ = try makeRun(state, "20261127T090000.000Z-aaaaaa", finished: true, succeeded: ["k"])
            _ = try makeRun(state, "20261127T090100.000Z-bbbbbb", finished: true)
            let before = try listing(state.path)

            let plan = try StatePruner(state: state).plan(keepNewestRuns: 0)
            #expect(plan.removedRuns.count == 2)
            #expect(plan.removedEntries.map(\.key) == ["k"])
            #expect(try listing(state.path) == before)
        }
    }

    @Test func aKeptRunWhoseJournalCannotBeReadStopsThePrune() async throws {
        try await withStateFolder { root in
            let state = StateDirectory(path: root.path + "/.modelbuild")
            let run = try makeRun(state, "20261127T090000.000Z-aaaaaa", finished: true)
            let text = try String(contentsOfFile: run.journalFile, encoding: .utf8)
            try ("garbage\n" + text).write(toFile: run.journalFile, atomically: true, encoding: .utf8)
            #expect(throws: StatePruneError.self) {
                try StatePruner(state: state).plan(keepNewestRuns: 1)
            }
        }
    }
}

/// A run folder whose journal records `succeeded` and `reused` keys, finished or not; its
/// lock is released.
@discardableResult
private func makeRun(
    _ state: StateDirectory, _ id: String, finished: Bool, succeeded: [String] = [], reused: [String] = []
) throws -> RunDirectory {
    let (run, lock) = try state.beginRun(id: id)
    defer { lock.release() }
    let journal = try Journal.open(path: run.journalFile)
    var records = [
        JournalRecord(
            time: Date(), event: .runStarted(RunStart(runID: id, buildName: "nightly", configDigest: "c", pid: 1, host: "h")))
    ]
    records += succeeded.map { JournalRecord(time: Date(), event: .jobSucceeded(job: $0, attempt: 1, cacheKey: $0)) }
    records += reused.map { JournalRecord(time: Date(), event: .jobReused(job: $0, cacheKey: $0)) }
    if finished { records.append(JournalRecord(time: Date(), event: .runFinished(status: .succeeded))) }
    try journal.append(records)
    try journal.close()
    return run
}

private func texts(ofBlobs blobs: [String], in store: OutputStore) throws -> Set<String> {
    Set(try blobs.map { try String(contentsOfFile: store.blobPath(sha256: $0), encoding: .utf8) })
}

private func fileSize(_ path: String) throws -> Int64 {
    Int64(try fileStatus(path).st_size)
}

/// The bytes of the regular files in the run folders `plan` removes.
private func runFolderBytes(_ plan: StatePrunePlan) throws -> Int64 {
    try plan.removedRuns.reduce(Int64(0)) { total, decision in
        try listing(decision.run.path).values.filter { !$0.isDirectory }.reduce(total) { $0 + $1.size }
    }
}

private func entries(_ store: OutputStore) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: store.root + "/entries").map { String($0.dropLast(5)) }.sorted()
}

private struct PathFacts: Equatable {
    var size: Int64
    var isDirectory: Bool
}

/// Every path under `root` with its size and kind.
private func listing(_ root: String) throws -> [String: PathFacts] {
    var result: [String: PathFacts] = [:]
    let enumerator = FileManager.default.enumerator(atPath: root)
    while let relative = enumerator?.nextObject() as? String {
        let info = try fileStatus(root + "/" + relative)
        result[relative] = PathFacts(size: Int64(info.st_size), isDirectory: (info.st_mode & S_IFMT) == S_IFDIR)
    }
    return result
}
