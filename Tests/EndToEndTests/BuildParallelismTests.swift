import Foundation
import TestSupport
import Testing

/// How many stages `modelbuild build` runs at once, measured from the journal: never more
/// than `executor.workers`, never more of a resource than the capacity, and a stage only
/// after everything it needs.
@Suite struct BuildParallelismTests {
    @Test func stagesRunAtMostWorkersAtOnceAndReachThatMany() async throws {
        try await withBuildProject { project in
            let wide = (1...7).map { "  w\($0): {run: [sh, \"{stage}\", w\($0), \"0.6\"]}" }
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                executor: {workers: 3}
                stages:
                \(wide.joined(separator: "\n"))
                  join: {run: [sh, "{stage}", join, "0"], needs: [w1, w2, w3, w4, w5, w6, w7]}
                builds:
                  nightly: {}
                """)
            let result = try await project.build(["nightly"])
            #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
            let journal = try project.onlyJournal()
            #expect(journal.jobs("job.succeeded").count == 8)
            let intervals = journal.attemptIntervals.map { ($0.start, $0.end, 1) }
            #expect(intervals.count == 8)
            // Seven 0.6 s stages on three workers: three run together at some point.
            #expect(maximumOverlap(intervals) == 3)
            expectNeedsEndedFirst(journal)
        }
    }

    @Test func resourcesNeverExceedTheCapacity() async throws {
        try await withBuildProject { project in
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                executor: {workers: 4, capacity: {gpu: 2}}
                stages:
                  g1: {run: [sh, "{stage}", g1, "0.5"], resources: {gpu: 1}}
                  g2: {run: [sh, "{stage}", g2, "0.5"], resources: {gpu: 1}}
                  g3: {run: [sh, "{stage}", g3, "0.5"], resources: {gpu: 1}}
                  both: {run: [sh, "{stage}", both, "0.5"], resources: {gpu: 2}}
                  cpu1: {run: [sh, "{stage}", cpu1, "0.5"]}
                  cpu2: {run: [sh, "{stage}", cpu2, "0.5"]}
                  after: {run: [sh, "{stage}", after, "0.2"], needs: [g1, both], resources: {gpu: 1}}
                builds:
                  nightly: {}
                """)
            let result = try await project.build(["nightly"])
            #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
            let journal = try project.onlyJournal()
            #expect(journal.jobs("job.succeeded").count == 7)
            let gpus = ["g1": 1, "g2": 1, "g3": 1, "both": 2, "after": 1]
            let all = journal.attemptIntervals
            let gpuIntervals = all.compactMap { interval in
                gpus[interval.job].map { (interval.start, interval.end, $0) }
            }
            #expect(maximumOverlap(gpuIntervals) == 2)
            #expect(maximumOverlap(all.map { ($0.start, $0.end, 1) }) <= 4)
            expectNeedsEndedFirst(journal)
        }
    }

    /// A chain and a diamond: each stage starts only after every need succeeded, and reads
    /// their outputs (the stage script fails when an input is missing).
    @Test func dependantsStartAfterTheirNeedsEnd() async throws {
        try await withBuildProject { project in
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                executor: {workers: 4}
                stages:
                  top: {run: [sh, "{stage}", top, "0.3"]}
                  left: {run: [sh, "{stage}", left, "0.4"], needs: [top]}
                  right: {run: [sh, "{stage}", right, "0.1"], needs: top}
                  bottom: {run: [sh, "{stage}", bottom, "0.1"], needs: [left, right]}
                  tail: {run: [sh, "{stage}", tail, "0"], needs: [bottom]}
                builds:
                  nightly: {}
                """)
            let result = try await project.build(["nightly"])
            #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
            let journal = try project.onlyJournal()
            #expect(journal.jobs("job.succeeded") == ["top", "left", "right", "bottom", "tail"])
            #expect(journal.needs["bottom"]?.sorted() == ["left", "right"])
            expectNeedsEndedFirst(journal)
            // left and right both run between top and bottom, side by side.
            let pair = journal.attemptIntervals.filter { ["left", "right"].contains($0.job) }
            #expect(maximumOverlap(pair.map { ($0.start, $0.end, 1) }) == 2)
        }
    }
}

/// Every started attempt began after each of its needs had succeeded (or was reused).
func expectNeedsEndedFirst(_ journal: RunJournal, sourceLocation: SourceLocation = #_sourceLocation) {
    var done: [String: Date] = [:]
    for line in journal.lines where line.event == "job.succeeded" || line.event == "job.reused" {
        if let job = line.job { done[job] = line.time }
    }
    for started in journal.lines("job.started") {
        let job = started.job ?? ""
        for need in journal.needs[job] ?? [] {
            guard let needDone = done[need] else {
                Issue.record("\(job) started but its need \(need) never succeeded", sourceLocation: sourceLocation)
                continue
            }
            #expect(needDone <= started.time, "\(job) started before its need \(need) ended", sourceLocation: sourceLocation)
        }
    }
}
