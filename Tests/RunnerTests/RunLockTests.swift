import Foundation
import ExecutorTestKit
import Runner
import Testing
import TestSupport

/// A lock this test process released is free once no process holds a copy of its
/// descriptor: another test spawning a process at that moment keeps one until its exec.
func isReleased(_ path: String) async throws -> Bool {
    try await eventually { try !RunLock.isHeld(path: path) }
}

@Suite struct RunLockTests {
    @Test func aHeldLockCannotBeTakenAgainUntilReleased() async throws {
        try await withStateFolder { root in
            let path = root.path + "/lock"
            #expect(try !RunLock.isHeld(path: path))
            let lock = try RunLock.acquire(path: path)
            #expect(try RunLock.isHeld(path: path))
            #expect(throws: RunLockError.held(path: path)) { try RunLock.acquire(path: path) }
            lock.release()
            #expect(try await isReleased(path))
            let again = try RunLock.acquire(path: path)
            again.release()
            let owner = try String(contentsOfFile: path, encoding: .utf8)
            #expect(owner.hasPrefix("\(getpid()) "))
        }
    }

    @Test func aRunWhoseProcessWasKilledIsFoundAndMarkedInterrupted() async throws {
        try await withStateFolder { root in
            let state = StateDirectory(path: root.path + "/.modelbuild")
            let (run, ourLock) = try state.beginRun()
            let journal = try Journal.open(path: run.journalFile)
            try journal.append(JournalRecord(
                time: Date(), event: .runStarted(RunStart(runID: run.id, buildName: "nightly", configDigest: "c", pid: 1, host: "h"))))
            try journal.close()
            ourLock.release()

            // Another process holds the run's lock, as a running build would.
            let child = try ChildProcess([
                "/bin/sh", "-c", "exec 9>>\"$0\"; flock -x 9; exec sleep 900", run.lockFile,
            ])
            defer { child.kill() }
            #expect(try await eventually { try RunLock.isHeld(path: run.lockFile) })
            #expect(try state.staleRuns().isEmpty)
            #expect(try await state.markStaleRunsInterrupted().isEmpty)

            // SIGKILL: no chance to clean up; the kernel drops the lock.
            child.kill()
            #expect(try await isReleased(run.lockFile))
            #expect(try state.staleRuns() == [run])
            #expect(try await state.markStaleRunsInterrupted() == [run])

            let summary = try RunSummary(journal: run.journalFile)
            #expect(summary.status == .interrupted)
            #expect(try state.staleRuns().isEmpty)
            #expect(try await state.markStaleRunsInterrupted().isEmpty)
        }
    }

    @Test func onlyDeadUnfinishedRunsAreMarked() async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            let state = fixture.state
            let finished = try await fixture.run([makeJob("a")]).run

            func started(_ run: RunDirectory) throws {
                let journal = try Journal.open(path: run.journalFile)
                try journal.append(JournalRecord(
                    time: Date(), event: .runStarted(RunStart(runID: run.id, buildName: "n", configDigest: "c", pid: 1, host: "h"))))
                try journal.close()
            }
            let (live, liveLock) = try state.beginRun(id: "20261127T091501Z-aaaaaa")
            defer { liveLock.release() }
            try started(live)
            let (dead, deadLock) = try state.beginRun(id: "20261127T091502Z-bbbbbb")
            try started(dead)
            deadLock.release()
            // A run that died before writing any journal line is dead too.
            let (empty, emptyLock) = try state.beginRun(id: "20261127T091503Z-cccccc")
            emptyLock.release()
            #expect(try await isReleased(dead.lockFile))
            #expect(try await isReleased(empty.lockFile))

            #expect(try state.runs().map(\.id) == [finished.id, live.id, dead.id, empty.id].sorted())
            #expect(try state.staleRuns() == [dead, empty])
            #expect(try await state.markStaleRunsInterrupted() == [dead, empty])
            #expect(try RunSummary(journal: dead.journalFile).status == .interrupted)
            #expect(try RunSummary(journal: empty.journalFile).status == .interrupted)
            #expect(try RunSummary(journal: finished.journalFile).status == .succeeded)
            #expect(try RunSummary(journal: live.journalFile).status == nil)
        }
    }

    @Test func runIDsSortByTimeAndRunFoldersHaveTheirLayout() throws {
        let early = RunDirectory.makeID(now: Date(timeIntervalSince1970: 1_795_771_000))
        let late = RunDirectory.makeID(now: Date(timeIntervalSince1970: 1_795_771_000.002))
        #expect(early.hasPrefix("20261127T091640.000Z-") && early.count == "20261127T091640.000Z-".count + 6)
        #expect(early < late)
        let run = RunDirectory(runsDirectory: "/state/runs", id: early)
        #expect(run.logFile(stage: "generate[knowledge/birds]", attempt: 2) == "/state/runs/\(early)/logs/generate%5Bknowledge%2Fbirds%5D.2.log")
        #expect(run.outputDirectory(stage: "train", attempt: 1) == "/state/runs/\(early)/out/train.1")
        #expect(run.workDirectory(stage: "train") == "/state/runs/\(early)/workdirs/train")
    }

    @Test(arguments: ["train", "generate[knowledge/science/birds]", ".hidden", "..", "", "100%", "naïve stage", "a~b"])
    func stageFileNamesAreSafeAndReversible(stage: String) {
        let name = StageFileName.encode(stage)
        #expect(!name.contains("/") && !name.hasPrefix(".") && !name.isEmpty)
        #expect(StageFileName.stageName(fromFileName: name) == stage)
    }

    @Test func veryLongStageNamesGetADigestSuffix() {
        let long = String(repeating: "knowledge/", count: 40)
        let name = StageFileName.encode(long)
        #expect(name.utf8.count == StageFileName.maximumLength)
        #expect(name != StageFileName.encode(long + "x"))
        #expect(StageFileName.stageName(fromFileName: name) == nil)
    }
}
