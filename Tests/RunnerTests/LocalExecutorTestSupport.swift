import Foundation
import Runner
import StageProtocol
import Synchronization

import Glibc

/// A stage attempt laid out in `directory` the way the scheduler lays it out: a written
/// `context.json`, an empty work directory, and a log path whose folder does not exist yet.
func makeAttempt(
    in directory: URL, command: [String], timeout: Duration? = nil, gracePeriod: Duration? = nil,
    secrets: [String] = []
) throws -> Attempt {
    let work = directory.appendingPathComponent("work/train")
    let output = directory.appendingPathComponent("out/train")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    let context = StageContext(
        runID: "run-1", stage: "train", attempt: 1,
        build: .init(name: "nightly", kind: "nightly", version: nil, model: "lab-model"),
        output: output.path)
    let contextFile = directory.appendingPathComponent("contexts/train.1.json")
    try FileManager.default.createDirectory(
        at: contextFile.deletingLastPathComponent(), withIntermediateDirectories: true)
    try JSONEncoder().encode(context).write(to: contextFile)
    let job = Job(
        id: "train", command: command, timeout: timeout, gracePeriod: gracePeriod,
        cacheKey: String(repeating: "0", count: 64),
        secrets: secrets, context: context)
    return Attempt(
        job: job, number: 1, context: context, contextFile: contextFile.path,
        workDirectory: work.path,
        logFile: directory.appendingPathComponent("logs/train.1.log").path)
}

/// Collects the events an attempt reports, and lets a test wait for the first one.
final class EventRecorder: Sendable {
    private let recorded = Mutex<[AttemptEvent]>([])
    private let stream: AsyncStream<AttemptEvent>
    private let continuation: AsyncStream<AttemptEvent>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream()
    }

    var events: [AttemptEvent] { recorded.withLock { $0 } }

    var report: @Sendable (AttemptEvent) -> Void {
        { event in
            self.recorded.withLock { $0.append(event) }
            self.continuation.yield(event)
        }
    }

    /// The pid from the `.started` event, once the attempt has started.
    func startedProcess() async -> pid_t? {
        for await event in stream {
            if case .started(_, let handle) = event { return pid_t(handle) }
        }
        return nil
    }
}

/// The processes of group `id` that are still running. Zombies count as gone: on a machine
/// whose init does not reap orphans they linger, but they run nothing and hold nothing.
func livingMembers(ofProcessGroup id: pid_t) -> [pid_t] {
    #if os(Linux)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let afterName = stat.range(of: ") ", options: .backwards)
            else { return nil }
            // Fields after the name: state, ppid, pgrp, ...
            let fields = stat[afterName.upperBound...].split(separator: " ")
            guard fields.count > 2, fields[0] != "Z", pid_t(fields[2]) == id else { return nil }
            return pid
        }
    #else
        return kill(-id, 0) == 0 ? [id] : []
    #endif
}

/// Waits until no process of group `id` runs, up to `limit`, and returns those still running.
/// SIGKILL is delivered asynchronously: a killed process needs a moment of CPU to finish
/// exiting, so a check made the instant the executor returns could see it still on its way.
func livingMembersAfterSettling(ofProcessGroup id: pid_t, limit: Duration = .seconds(2)) async
    -> [pid_t]
{
    let clock = ContinuousClock()
    let deadline = clock.now + limit
    var living = livingMembers(ofProcessGroup: id)
    while !living.isEmpty, clock.now < deadline {
        try? await Task.sleep(for: .milliseconds(10))
        living = livingMembers(ofProcessGroup: id)
    }
    return living
}

/// Whether process `pid` is running (not gone, not a zombie).
func isRunning(_ pid: pid_t) -> Bool {
    #if os(Linux)
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let afterName = stat.range(of: ") ", options: .backwards)
        else { return false }
        return !stat[afterName.upperBound...].hasPrefix("Z")
    #else
        return kill(pid, 0) == 0
    #endif
}

func fileContents(_ path: String) -> String {
    (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
}
