import Foundation

/// One line of `journal.jsonl`: when it happened and what happened.
///
/// The line is a flat JSON object: `time` (ISO-8601 UTC with microseconds), `event`
/// (`run.started`, `job.queued`, `job.started`, `job.progress`, `job.metric`,
/// `job.succeeded`, `job.failed`, `job.retried`, `job.reused`, `job.skipped`,
/// `job.cancelled`, `run.finished`) and the event's fields. An attempt's outcome is an
/// object: `{"kind": "failed", "exitStatus": 1}`, `{"kind": "signalled", "signal": 9}`,
/// `{"kind": "timedOut"}`, `{"kind": "cancelled"}`, `{"kind": "succeeded"}`,
/// `{"kind": "lost", "reason": "…", "retryable": true}`. A retry's delay is in seconds.
public struct JournalRecord: Sendable, Hashable, Codable {
    public var time: Date
    public var event: RunEvent

    public init(time: Date, event: RunEvent) {
        self.time = time
        self.event = event
    }

    private enum Key: String, CodingKey {
        case time, event, runID, buildName, configDigest, pid, host, job, needs, cacheKey
        case attempt, handle, fraction, message, name, value, outcome, delaySeconds
        case need, failedJob, status
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(JournalTimestamp.format(time), forKey: .time)
        switch event {
        case .runStarted(let start):
            try container.encode("run.started", forKey: .event)
            try container.encode(start.runID, forKey: .runID)
            try container.encode(start.buildName, forKey: .buildName)
            try container.encode(start.configDigest, forKey: .configDigest)
            try container.encode(start.pid, forKey: .pid)
            try container.encode(start.host, forKey: .host)
        case .jobQueued(let job, let needs, let cacheKey):
            try container.encode("job.queued", forKey: .event)
            try container.encode(job, forKey: .job)
            try container.encode(needs, forKey: .needs)
            try container.encode(cacheKey, forKey: .cacheKey)
        case .jobStarted(let job, let attempt, let host, let handle):
            try encodeJob("job.started", job, attempt, into: &container)
            try container.encode(host, forKey: .host)
            try container.encode(handle, forKey: .handle)
        case .jobProgress(let job, let attempt, let fraction, let message):
            try encodeJob("job.progress", job, attempt, into: &container)
            try container.encode(fraction, forKey: .fraction)
            try container.encode(message, forKey: .message)
        case .jobMetric(let job, let attempt, let name, let value):
            try encodeJob("job.metric", job, attempt, into: &container)
            try container.encode(name, forKey: .name)
            try container.encode(value, forKey: .value)
        case .jobSucceeded(let job, let attempt, let cacheKey):
            try encodeJob("job.succeeded", job, attempt, into: &container)
            try container.encode(cacheKey, forKey: .cacheKey)
        case .jobFailed(let job, let attempt, let outcome):
            try encodeJob("job.failed", job, attempt, into: &container)
            try container.encode(EncodedOutcome(outcome), forKey: .outcome)
        case .jobRetried(let job, let attempt, let delay):
            try encodeJob("job.retried", job, attempt, into: &container)
            try container.encode(delay.fractionalSeconds, forKey: .delaySeconds)
        case .jobReused(let job, let cacheKey):
            try container.encode("job.reused", forKey: .event)
            try container.encode(job, forKey: .job)
            try container.encode(cacheKey, forKey: .cacheKey)
        case .jobSkipped(let job, let need, let failedJob):
            try container.encode("job.skipped", forKey: .event)
            try container.encode(job, forKey: .job)
            try container.encode(need, forKey: .need)
            try container.encode(failedJob, forKey: .failedJob)
        case .jobCancelled(let job, let attempt):
            try container.encode("job.cancelled", forKey: .event)
            try container.encode(job, forKey: .job)
            try container.encodeIfPresent(attempt, forKey: .attempt)
        case .runFinished(let status):
            try container.encode("run.finished", forKey: .event)
            try container.encode(status, forKey: .status)
        }
    }

    private func encodeJob(
        _ name: String, _ job: String, _ attempt: Int, into container: inout KeyedEncodingContainer<Key>
    ) throws {
        try container.encode(name, forKey: .event)
        try container.encode(job, forKey: .job)
        try container.encode(attempt, forKey: .attempt)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let timeText = try container.decode(String.self, forKey: .time)
        guard let time = JournalTimestamp.parse(timeText) else {
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
                    pid: try container.decode(Int32.self, forKey: .pid), host: try string(.host)))
        case "job.queued":
            event = .jobQueued(
                job: try string(.job), needs: try container.decode([String].self, forKey: .needs),
                cacheKey: try string(.cacheKey))
        case "job.started":
            event = .jobStarted(
                job: try string(.job), attempt: try attempt(), host: try string(.host),
                handle: try string(.handle))
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
            event = .jobSucceeded(job: try string(.job), attempt: try attempt(), cacheKey: try string(.cacheKey))
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
private struct EncodedOutcome: Codable {
    var outcome: AttemptOutcome

    init(_ outcome: AttemptOutcome) { self.outcome = outcome }

    private enum Key: String, CodingKey { case kind, exitStatus, signal, reason, retryable }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch outcome {
        case .succeeded: try container.encode("succeeded", forKey: .kind)
        case .failed(let status):
            try container.encode("failed", forKey: .kind)
            try container.encode(status, forKey: .exitStatus)
        case .signalled(let signal):
            try container.encode("signalled", forKey: .kind)
            try container.encode(signal, forKey: .signal)
        case .timedOut: try container.encode("timedOut", forKey: .kind)
        case .cancelled: try container.encode("cancelled", forKey: .kind)
        case .lost(let reason, let retryable):
            try container.encode("lost", forKey: .kind)
            try container.encode(reason, forKey: .reason)
            try container.encode(retryable, forKey: .retryable)
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
