import Foundation
import Platform
import TestSupport
import Testing

import ExecutorTestKit
@testable import Runner

@Suite struct JournalTests {
    static let time = Date(timeIntervalSince1970: 1_795_771_000.25)

    static let everyEvent: [RunEvent] = [
        .runStarted(RunStart(runID: "20261127T091500Z-abcdef", buildName: "nightly", configDigest: "c0ffee", pid: 42, host: "builder")),
        .jobQueued(job: "generate[knowledge/science/birds]", needs: ["validate"], cacheKey: "ab12"),
        .jobStarted(job: "train", attempt: 1, host: "builder", handle: "4242"),
        .jobProgress(job: "train", attempt: 1, fraction: 0.42, message: "epoch 2/5"),
        .jobMetric(job: "train", attempt: 1, name: "loss", value: 0.125),
        .jobFailed(job: "train", attempt: 1, outcome: .failed(exitStatus: 3)),
        .jobFailed(job: "train", attempt: 2, outcome: .signalled(9)),
        .jobFailed(job: "train", attempt: 3, outcome: .timedOut),
        .jobFailed(job: "train", attempt: 4, outcome: .lost(reason: "node down", retryable: true)),
        .jobRetried(job: "train", attempt: 1, delay: .milliseconds(1500)),
        .jobSucceeded(job: "train", attempt: 5, cacheKey: "cd34"),
        .jobReused(job: "validate", cacheKey: "ef56"),
        .jobSkipped(job: "evaluate", need: "train", failedJob: "generate"),
        .jobCancelled(job: "safety", attempt: 2),
        .jobCancelled(job: "report", attempt: nil),
        .runFinished(status: .interrupted),
    ]

    @Test func everyEventRoundTripsAsOneJSONLinePerRecord() async throws {
        try await withStateFolder { root in
            let path = root.path + "/journal.jsonl"
            let journal = try Journal.open(path: path)
            let records = Self.everyEvent.map { JournalRecord(time: Self.time, event: $0) }
            try journal.append(Array(records[0..<3]))
            for record in records[3...] { try journal.append(record) }
            try journal.close()

            let contents = try Journal.read(path: path)
            #expect(contents.records == records)
            #expect(contents.tornTail == nil)
            #expect(contents.isFinished)

            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == records.count)
            for line in lines {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                let time = try #require(object["time"] as? String)
                #expect(time == "2026-11-27T09:16:40.250000Z")
                #expect(object["event"] is String)
            }
            #expect(lines[1].contains("\"generate[knowledge/science/birds]\""))
        }
    }

    @Test func theFileLeavesOutTheSucceededKeyAndEmptyNeedsAndReadingPutsThemBack() async throws {
        try await withStateFolder { root in
            let path = root.path + "/journal.jsonl"
            let journal = try Journal.open(path: path)
            let key = String(repeating: "ab", count: 32)
            let records = [
                JournalRecord(
                    time: Self.time,
                    event: .runStarted(RunStart(runID: "r", buildName: "b", configDigest: "c", pid: 1, host: "builder"))),
                JournalRecord(time: Self.time, event: .jobQueued(job: "leaf[a/b]", needs: [], cacheKey: key)),
                JournalRecord(time: Self.time, event: .jobStarted(job: "leaf[a/b]", attempt: 1, host: "builder", handle: "7")),
                JournalRecord(time: Self.time, event: .jobSucceeded(job: "leaf[a/b]", attempt: 1, cacheKey: key)),
                // A job queued in another file (an adopted run) keeps its key.
                JournalRecord(time: Self.time, event: .jobSucceeded(job: "train", attempt: 1, cacheKey: "cd34")),
            ]
            try journal.append(records)
            try journal.close()

            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            #expect(!lines[1].contains("needs") && lines[1].contains(key))
            #expect(!lines[2].contains("host"))
            #expect(!lines[3].contains("cacheKey"))
            #expect(lines[4].contains("\"cacheKey\":\"cd34\""))
            #expect(try Journal.read(path: path).records == records)
            // build --json prints them in full.
            let printed = String(decoding: records[3].json, as: UTF8.self)
            #expect(printed.hasSuffix(#","cacheKey":"\#(key)"}"#))
            #expect(String(decoding: records[1].json, as: UTF8.self).contains(#""needs":[]"#))
            #expect(String(decoding: records[2].json, as: UTF8.self).contains(#""host":"builder""#))
        }
    }

    @Test func aTornLastLineIsIgnoredAndCutOffBeforeTheNextAppend() async throws {
        try await withStateFolder { root in
            let path = root.path + "/journal.jsonl"
            let journal = try Journal.open(path: path)
            let records = Self.everyEvent.prefix(2).map { JournalRecord(time: Self.time, event: $0) }
            try journal.append(records)
            try journal.close()
            // A crash in the middle of a write.
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("{\"time\":\"2026-11-27T09:1".utf8))
            try handle.close()

            let torn = try Journal.read(path: path)
            #expect(torn.records == records)
            #expect(torn.tornTail == "{\"time\":\"2026-11-27T09:1")

            let reopened = try Journal.open(path: path)
            let finished = JournalRecord(time: Self.time, event: .runFinished(status: .interrupted))
            try reopened.append(finished)
            try reopened.close()
            let repaired = try Journal.read(path: path)
            #expect(repaired.records == records + [finished])
            #expect(repaired.tornTail == nil)
        }
    }

    @Test func itsEndsAreItsFirstAndLastRecordsWhateverLiesBetween() async throws {
        try await withStateFolder { root in
            let path = root.path + "/journal.jsonl"
            let journal = try Journal.open(path: path)
            let records = Self.everyEvent.map { JournalRecord(time: Self.time, event: $0) }
            // Longer than what is read from each end, so the middle is never read.
            let middle = (0..<200).map {
                JournalRecord(time: Self.time, event: .jobQueued(job: "leaf[\($0)]", needs: [], cacheKey: "ab12"))
            }
            try journal.append([records[0]] + middle + Array(records[1...]))
            try journal.close()
            let ends = try #require(Journal.ends(path: path, limit: 1_024))
            #expect(ends.first == records.first && ends.last == records.last)

            // A torn last line, a last line longer than the limit, an empty file: no ends.
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("{\"time\":\"2026-11-27T09:1".utf8))
            try handle.close()
            #expect(Journal.ends(path: path, limit: 1_024) == nil)
            let long = JournalRecord(time: Self.time, event: .jobFailed(job: "a", attempt: 1, outcome: .lost(reason: String(repeating: "x", count: 2_000), retryable: false)))
            try Data((String(decoding: records[0].json, as: UTF8.self) + "\n" + String(decoding: long.json, as: UTF8.self) + "\n").utf8)
                .write(to: URL(fileURLWithPath: path))
            #expect(Journal.ends(path: path, limit: 1_024) == nil)
            #expect(try #require(Journal.ends(path: path, limit: 4_096)).last == long)
            try Data().write(to: URL(fileURLWithPath: path))
            #expect(Journal.ends(path: path) == nil)
        }
    }

    @Test func aDamagedLineInTheMiddleIsAnError() async throws {
        try await withStateFolder { root in
            let path = root.path + "/journal.jsonl"
            let good = String(decoding: JournalRecord(time: Self.time, event: .runFinished(status: .failed)).json, as: UTF8.self)
            try Data((good + "\nnot json\n" + good + "\n").utf8).write(to: URL(fileURLWithPath: path))
            let error = #expect(throws: JournalError.self) { try Journal.read(path: path) }
            guard case .corruptLine(let errorPath, let line, _) = error else {
                Issue.record("expected a corrupt line, got \(String(describing: error))")
                return
            }
            #expect(errorPath == path && line == 2)
        }
    }

    @Test func appendedRecordsAreInTheFileAtOnceAndTransitionsAreFsynced() async throws {
        try await withStateFolder { root in
            let path = root.path + "/journal.jsonl"
            let journal = try Journal.open(path: path)
            defer { try? journal.close() }
            try journal.append(JournalRecord(time: Self.time, event: .jobProgress(job: "t", attempt: 1, fraction: 0.1, message: "")))
            // Written with write(2), not buffered: another reader sees it now.
            #expect(try Journal.read(path: path).records.count == 1)
            try await Task.sleep(for: .milliseconds(50))
            #expect(journal.backgroundFsyncCount == 0, "progress lines alone are not fsynced")

            try journal.append(JournalRecord(time: Self.time, event: .jobSucceeded(job: "t", attempt: 1, cacheKey: "k")))
            let deadline = ContinuousClock.now + .seconds(10)
            while journal.backgroundFsyncCount == 0 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            #expect(journal.backgroundFsyncCount >= 1)
            #expect(try Journal.read(path: path).records.count == 2)
        }
    }

    @Test func appendingToAClosedJournalFails() async throws {
        try await withStateFolder { root in
            let journal = try Journal.open(path: root.path + "/journal.jsonl")
            try journal.close()
            #expect(throws: FileSystemError.self) {
                try journal.append(JournalRecord(time: Self.time, event: .runFinished(status: .failed)))
            }
        }
    }
}
