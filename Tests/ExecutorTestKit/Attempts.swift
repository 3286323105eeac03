import Crypto
import Foundation
import Runner
import StageProtocol

/// An attempt laid out in `directory` the way the scheduler lays it out under a run: a
/// written `context.json`, an empty work directory and output folder, and a log path
/// whose folder does not exist yet.
public func makeAttempt(
    in directory: URL, stage: String = "train", command: [String], timeout: Duration? = nil,
    gracePeriod: Duration? = nil, secrets: [String] = [], resources: [String: Int] = [:], cacheKey: String? = nil
) throws -> Attempt {
    let run = directory.appendingPathComponent("runs/run-1")
    let work = run.appendingPathComponent("workdirs/\(stage)")
    let output = run.appendingPathComponent("out/\(stage).1")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    let context = StageContext(
        runID: "run-1", stage: stage, attempt: 1,
        build: .init(name: "nightly", kind: "nightly", version: nil, model: "lab-model"),
        output: output.path)
    let contextFile = run.appendingPathComponent("contexts/\(stage).1.json")
    try FileManager.default.createDirectory(
        at: contextFile.deletingLastPathComponent(), withIntermediateDirectories: true)
    try JSONEncoder().encode(context).write(to: contextFile)
    let job = Job(
        id: stage, command: command, resources: resources, timeout: timeout, gracePeriod: gracePeriod,
        cacheKey: cacheKey ?? randomCacheKey(), secrets: secrets, context: context)
    return Attempt(
        job: job, number: 1, context: context, contextFile: contextFile.path, workDirectory: work.path,
        logFile: run.appendingPathComponent("logs/\(stage).1.log").path)
}

/// A job for scheduler tests, running `command` (`true` by default) with `seed: 42` as its
/// parameter. Its cache key, unless given, is the SHA-256 of its id and command: the same
/// for the same job in every run, different for different work.
public func makeJob(
    _ id: String, needs: [String] = [], command: [String] = ["true"], resources: [String: Int] = [:],
    retry: RetryPolicy = .none, cacheKey: String? = nil
) -> Job {
    Job(
        id: id, needs: needs, command: command, resources: resources, retry: retry,
        cacheKey: cacheKey ?? sha256Hex(id + " " + command.joined(separator: " ")),
        context: StageContext(
            runID: "", stage: id, attempt: 0,
            build: .init(name: "nightly", kind: "nightly", version: "nightly-2026-11-27", model: "lab-model"),
            params: ["seed": .integer(42)], output: ""))
}

/// A fresh, valid cache key, so that no test reuses (or, on Slurm, adopts) another's work.
public func randomCacheKey() -> String {
    (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
}

/// SHA-256 of `text` in lowercase hex, the form of a cache key.
public func sha256Hex(_ text: String) -> String {
    SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
}
