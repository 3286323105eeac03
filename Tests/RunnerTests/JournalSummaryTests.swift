import Foundation
import ExecutorTestKit
import Runner
import Testing
import TestSupport

@Suite struct JournalSummaryTests {
    static let start = Date(timeIntervalSince1970: 1_795_771_000)

    func at(_ seconds: Double, _ event: RunEvent) -> JournalRecord {
        JournalRecord(time: Self.start.addingTimeInterval(seconds), event: event)
    }

    /// a (0–10 s) → b (10–30 s) and c (10–15 s) → d (30–35 s); e reused; f skipped.
    var records: [JournalRecord] {
        [
            at(0, .runStarted(RunStart(runID: "r", buildName: "nightly", configDigest: "c", pid: 1, host: "h"))),
            at(0, .jobQueued(job: "a", needs: [], cacheKey: "ka")),
            at(0, .jobQueued(job: "b", needs: ["a"], cacheKey: "kb")),
            at(0, .jobQueued(job: "c", needs: ["a"], cacheKey: "kc")),
            at(0, .jobQueued(job: "d", needs: ["b", "c"], cacheKey: "kd")),
            at(0, .jobQueued(job: "e", needs: [], cacheKey: "ke")),
            at(0, .jobQueued(job: "f", needs: ["g"], cacheKey: "kf")),
            at(0, .jobQueued(job: "g", needs: [], cacheKey: "kg")),
            at(0, .jobReused(job: "e", cacheKey: "ke")),
            at(0, .jobStarted(job: "a", attempt: 1, host: "h", handle: "100")),
            at(0, .jobStarted(job: "g", attempt: 1, host: "h", handle: "101")),
            at(1, .jobFailed(job: "g", attempt: 1, outcome: .failed(exitStatus: 2))),
            at(1, .jobSkipped(job: "f", need: "g", failedJob: "g")),
            at(4, .jobFailed(job: "a", attempt: 1, outcome: .timedOut)),
            at(4, .jobRetried(job: "a", attempt: 1, delay: .seconds(2))),
            at(6, .jobStarted(job: "a", attempt: 2, host: "h", handle: "102")),
            at(10, .jobSucceeded(job: "a", attempt: 2, cacheKey: "ka")),
            at(10, .jobStarted(job: "b", attempt: 1, host: "h", handle: "103")),
            at(10, .jobStarted(job: "c", attempt: 1, host: "h", handle: "104")),
            at(15, .jobSucceeded(job: "c", attempt: 1, cacheKey: "kc")),
            at(30, .jobSucceeded(job: "b", attempt: 1, cacheKey: "kb")),
            at(30, .jobStarted(job: "d", attempt: 1, host: "h", handle: "105")),
            at(35, .jobSucceeded(job: "d", attempt: 1, cacheKey: "kd")),
            at(36, .runFinished(status: .failed)),
        ]
    }

    @Test func aSummaryIsDerivedFromTheJournalAlone() async throws {
        try await withStateFolder { root in
            let path = root.path + "/journal.jsonl"
            let journal = try Journal.open(path: path)
            try journal.append(records)
            try journal.close()
            let summary = try RunSummary(journal: path)

            #expect(summary.status == .failed)
            #expect(summary.start?.buildName == "nightly")
            #expect(summary.wallTime == .seconds(36))
            #expect(summary.jobs.map(\.id) == ["a", "b", "c", "d", "e", "f", "g"])
            let a = try #require(summary[job: "a"])
            #expect(a.state == .succeeded)
            #expect(a.attempts.map(\.outcome) == [.timedOut, .succeeded])
            #expect(a.attempts.map(\.duration) == [.seconds(4), .seconds(4)])
            #expect(a.duration == .seconds(10))
            #expect(summary[job: "e"]?.wasReused == true)
            #expect(summary[job: "e"]?.duration == .zero)
            #expect(summary[job: "f"]?.state == .skipped)
            #expect(summary[job: "f"]?.skippedBecause == SkipReason(need: "g", failedJob: "g"))
            #expect(summary[job: "g"]?.state == .failed)

            let critical = summary.criticalPath
            #expect(critical.jobs == ["a", "b", "d"])
            #expect(critical.duration == .seconds(35))
        }
    }

    @Test func anUnfinishedJournalHasNoStatusAndShowsWhatWasRunning() {
        let cut = Array(records.prefix(18))
        let summary = RunSummary(records: cut)
        #expect(summary.status == nil)
        #expect(summary[job: "b"]?.state == .running)
        #expect(summary[job: "d"]?.state == .queued)
        #expect(summary.wallTime == .seconds(10))
    }
}
