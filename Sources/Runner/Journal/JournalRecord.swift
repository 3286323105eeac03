import Foundation
import Platform
import StageProtocol

/// One line of `journal.jsonl`: when it happened and what happened.
///
/// The line is a flat JSON object: `time` (ISO-8601 UTC with microseconds), `event`
/// (`run.started`, `job.queued`, `job.started`, `job.progress`, `job.metric`,
/// `job.succeeded`, `job.failed`, `job.retried`, `job.reused`, `job.skipped`,
/// `job.cancelled`, `run.finished`) and the event's fields. An attempt's outcome is an
/// object: `{"kind": "failed", "exitStatus": 1}`, `{"kind": "signalled", "signal": 9}`,
/// `{"kind": "timedOut"}`, `{"kind": "cancelled"}`, `{"kind": "succeeded"}`,
/// `{"kind": "lost", "reason": "…", "retryable": true}`. A retry's delay is in seconds.
///
/// The file leaves out what its earlier lines say (`fileJSON(keyQueued:runHost:)`): an
/// empty `needs`, `job.succeeded`'s `cacheKey` when the job's `job.queued` line in the same
/// file has it, and `job.started`'s `host` when it is `run.started`'s; `Journal.read` puts
/// them back, and `build --json` prints every record in full (`json`).
public struct JournalRecord: Sendable, Hashable, Decodable {
    public var time: Date
    public var event: RunEvent

    public init(time: Date, event: RunEvent) {
        self.time = time
        self.event = event
    }

    private enum Key: String, CodingKey {
        case time, event, runID, buildName, configDigest, pid, host, job, needs, cacheKey
        case attempt, handle, fraction, message, name, value, outcome, delaySeconds
        case need, failedJob, status, candidate
    }

    /// The record as one line of JSON (without the newline): `time`, `event`, then the
    /// event's fields, always in that order.
    public var json: [UInt8] { encoded(inFile: false, keyQueued: false, runHost: nil) }

    /// The record as the journal file holds it: `json` without an empty `needs`, without
    /// `job.succeeded`'s `cacheKey` when `keyQueued` (the file's `job.queued` line of the
    /// job has the same key), and without `job.started`'s `host` when it is `runHost`
    /// (the file's `run.started` host). A per-leaf stage of 66,000 instances writes 100
    /// bytes less for each.
    public func fileJSON(keyQueued: Bool, runHost: String?) -> [UInt8] {
        encoded(inFile: true, keyQueued: keyQueued, runHost: runHost)
    }

    private func encoded(inFile: Bool, keyQueued: Bool, runHost: String?) -> [UInt8] {
        var json = JSONWriter(capacity: 192)
        json.object { json in
            json.field("time", UTCTimestamp.format(time))
            switch event {
            case .runStarted(let start):
                json.field("event", "run.started")
                json.field("runID", start.runID)
                json.field("buildName", start.buildName)
                json.field("configDigest", start.configDigest)
                json.field("pid", Int(start.pid))
                json.field("host", start.host)
                json.field("candidate", ifPresent: start.candidate)
            case .jobQueued(let job, let needs, let cacheKey):
                json.field("event", "job.queued")
                json.field("job", job)
                if !(inFile && needs.isEmpty) { json.field("needs", needs) }
                json.field("cacheKey", cacheKey)
            case .jobStarted(let job, let attempt, let host, let handle):
                Self.writeJob("job.started", job, attempt, into: &json)
                if !(inFile && host == runHost) { json.field("host", host) }
                json.field("handle", handle)
            case .jobProgress(let job, let attempt, let fraction, let message):
                Self.writeJob("job.progress", job, attempt, into: &json)
                json.field("fraction", fraction)
                json.field("message", message)
            case .jobMetric(let job, let attempt, let name, let value):
                Self.writeJob("job.metric", job, attempt, into: &json)
                json.field("name", name)
                json.field("value", value)
            case .jobSucceeded(let job, let attempt, let cacheKey):
                Self.writeJob("job.succeeded", job, attempt, into: &json)
                if !(inFile && keyQueued) { json.field("cacheKey", cacheKey) }
            case .jobFailed(let job, let attempt, let outcome):
                Self.writeJob("job.failed", job, attempt, into: &json)
                json.key("outcome")
                EncodedOutcome(outcome).write(into: &json)
            case .jobRetried(let job, let attempt, let delay):
                Self.writeJob("job.retried", job, attempt, into: &json)
                json.field("delaySeconds", delay.fractionalSeconds)
            case .jobReused(let job, let cacheKey):
                json.field("event", "job.reused")
                json.field("job", job)
                json.field("cacheKey", cacheKey)
            case .jobSkipped(let job, let need, let failedJob):
                json.field("event", "job.skipped")
                json.field("job", job)
                json.field("need", need)
                json.field("failedJob", failedJob)
            case .jobCancelled(let job, let attempt):
                json.field("event", "job.cancelled")
                json.field("job", job)
                if let attempt { json.field("attempt", attempt) }
            case .runFinished(let status):
                json.field("event", "run.finished")
                json.field("status", status.rawValue)
            }
        }
        return json.bytes
    }

    private static func writeJob(_ name: String, _ job: String, _ attempt: Int, into json: inout JSONWriter) {
        json.field("event", name)
        json.field("job", job)
        json.field("attempt", attempt)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let timeText = try container.decode(String.self, forKey: .time)
        guard let time = UTCTimestamp.parse(timeText) else {
            throw DecodingError.dataCorruptedError(
                forKey: .time, in: container, debugDescription: "not an ISO-8601 UTC time: \(timeText)")
        }
        self.time = time
        func string(_ key: Key) throws -> String { try container.decode(String.self, forKey: key) }
        func attempt() throws -> Int { try container.decode(Int.self, forKey: .attempt) }
        let name = try string(.event)
        switch name {
        case "run.started":
            event = .runStarted(
                RunStart(
                    runID: try string(.runID), buildName: try string(.buildName),
                    configDigest: try string(.configDigest),
                    pid: try container.decode(Int32.self, forKey: .pid), host: try string(.host),
                    candidate: try container.decodeIfPresent(String.self, forKey: .candidate)))
        case "job.queued":
            event = .jobQueued(
                job: try string(.job), needs: try container.decodeIfPresent([String].self, forKey: .needs) ?? [],
                cacheKey: try string(.cacheKey))
        case "job.started":
            // Empty when the line leaves it out: `Journal.read` takes it from `run.started`.
            event = .jobStarted(
                job: try string(.job), attempt: try attempt(),
                host: try container.decodeIfPresent(String.self, forKey: .host) ?? "", handle: try string(.handle))
        case "job.progress":
            event = .jobProgress(
                job: try string(.job), attempt: try attempt(),
                fraction: try container.decode(Double.self, forKey: .fraction),
                message: try string(.message))
        case "job.metric":
            event = .jobMetric(
                job: try string(.job), attempt: try attempt(), name: try string(.name),
                value: try container.decode(Double.self, forKey: .value))
        case "job.succeeded":
            // Empty when the line leaves it out: `Journal.read` takes it from `job.queued`.
            event = .jobSucceeded(
                job: try string(.job), attempt: try attempt(),
                cacheKey: try container.decodeIfPresent(String.self, forKey: .cacheKey) ?? "")
        case "job.failed":
            event = .jobFailed(
                job: try string(.job), attempt: try attempt(),
                outcome: try container.decode(EncodedOutcome.self, forKey: .outcome).outcome)
        case "job.retried":
            event = .jobRetried(
                job: try string(.job), attempt: try attempt(),
                delay: .seconds(try container.decode(Double.self, forKey: .delaySeconds)))
        case "job.reused":
            event = .jobReused(job: try string(.job), cacheKey: try string(.cacheKey))
        case "job.skipped":
            event = .jobSkipped(job: try string(.job), need: try string(.need), failedJob: try string(.failedJob))
        case "job.cancelled":
            event = .jobCancelled(
                job: try string(.job), attempt: try container.decodeIfPresent(Int.self, forKey: .attempt))
        case "run.finished":
            event = .runFinished(status: try container.decode(RunStatus.self, forKey: .status))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .event, in: container, debugDescription: "unknown journal event \(name)")
        }
    }
}

/// `AttemptOutcome` as a JSON object (kept private so the contract type stays free of a
/// wire format).
private struct EncodedOutcome: Decodable {
    var outcome: AttemptOutcome

    init(_ outcome: AttemptOutcome) { self.outcome = outcome }

    private enum Key: String, CodingKey { case kind, exitStatus, signal, reason, retryable }

    func write(into json: inout JSONWriter) {
        json.object { json in
            switch outcome {
            case .succeeded: json.field("kind", "succeeded")
            case .failed(let status):
                json.field("kind", "failed")
                json.field("exitStatus", Int(status))
            case .signalled(let signal):
                json.field("kind", "signalled")
                json.field("signal", Int(signal))
            case .timedOut: json.field("kind", "timedOut")
            case .cancelled: json.field("kind", "cancelled")
            case .lost(let reason, let retryable):
                json.field("kind", "lost")
                json.field("reason", reason)
                json.field("retryable", retryable)
            }
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "succeeded": outcome = .succeeded
        case "failed": outcome = .failed(exitStatus: try container.decode(Int32.self, forKey: .exitStatus))
        case "signalled": outcome = .signalled(try container.decode(Int32.self, forKey: .signal))
        case "timedOut": outcome = .timedOut
        case "cancelled": outcome = .cancelled
        case "lost":
            outcome = .lost(
                reason: try container.decode(String.self, forKey: .reason),
                retryable: try container.decode(Bool.self, forKey: .retryable))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container, debugDescription: "unknown attempt outcome \(kind)")
        }
    }
}

extension Duration {
    /// The duration in seconds, fractions included.
    var fractionalSeconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
