import Foundation
import TestSupport

/// One line of a run's `journal.jsonl`, with the fields these tests look at.
struct JournalLine: Decodable {
    struct Outcome: Decodable {
        var kind: String
        var exitStatus: Int32?
        var signal: Int32?
    }

    var event: String
    var time: Date
    var job: String?
    var attempt: Int?
    var handle: String?
    var cacheKey: String?
    var needs: [String]?
    var need: String?
    var failedJob: String?
    var delaySeconds: Double?
    var outcome: Outcome?
    var status: String?

    private enum Key: String, CodingKey {
        case event, time, job, attempt, handle, cacheKey, needs, need, failedJob, delaySeconds, outcome, status
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        event = try container.decode(String.self, forKey: .event)
        let text = try container.decode(String.self, forKey: .time)
        guard let time = Self.parseTime(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: .time, in: container, debugDescription: "not an ISO-8601 UTC time: \(text)")
        }
        self.time = time
        job = try container.decodeIfPresent(String.self, forKey: .job)
        attempt = try container.decodeIfPresent(Int.self, forKey: .attempt)
        handle = try container.decodeIfPresent(String.self, forKey: .handle)
        cacheKey = try container.decodeIfPresent(String.self, forKey: .cacheKey)
        needs = try container.decodeIfPresent([String].self, forKey: .needs)
        need = try container.decodeIfPresent(String.self, forKey: .need)
        failedJob = try container.decodeIfPresent(String.self, forKey: .failedJob)
        delaySeconds = try container.decodeIfPresent(Double.self, forKey: .delaySeconds)
        outcome = try container.decodeIfPresent(Outcome.self, forKey: .outcome)
        status = try container.decodeIfPresent(String.self, forKey: .status)
    }

    /// `2026-11-27T10:02:27.378097Z`, fractions of any length kept in full.
    static func parseTime(_ text: String) -> Date? {
        let parts = text.dropLast().split(separator: ".", maxSplits: 1)
        guard text.hasSuffix("Z"), let whole = parts.first,
            let seconds = ISO8601DateFormatter().date(from: whole + "Z")
        else { return nil }
        let fraction = parts.count == 2 ? Double("0." + parts[1]) : 0
        guard let fraction else { return nil }
        return seconds.addingTimeInterval(fraction)
    }
}

/// A run's journal, parsed, with the questions the tests ask of it.
struct RunJournal {
    let runID: String
    let lines: [JournalLine]

    /// Parses `text`; with `completeLinesOnly`, a last line without its newline (still
    /// being written) is left out.
    init(runID: String, text: String, completeLinesOnly: Bool = false) throws {
        self.runID = runID
        var rows = text.split(separator: "\n", omittingEmptySubsequences: true)
        if completeLinesOnly, !text.hasSuffix("\n"), !rows.isEmpty { rows.removeLast() }
        let decoder = JSONDecoder()
        var lines = try rows.map { try decoder.decode(JournalLine.self, from: Data($0.utf8)) }
        // The file leaves out job.succeeded's key: it is the job's job.queued key.
        var queued: [String: String] = [:]
        for index in lines.indices {
            if lines[index].event == "job.queued", let job = lines[index].job { queued[job] = lines[index].cacheKey }
            if lines[index].event == "job.succeeded", lines[index].cacheKey == nil, let job = lines[index].job {
                lines[index].cacheKey = queued[job]
            }
        }
        self.lines = lines
    }

    func lines(_ event: String) -> [JournalLine] { lines.filter { $0.event == event } }

    func lines(_ event: String, job: String) -> [JournalLine] {
        lines.filter { $0.event == event && $0.job == job }
    }

    func first(_ event: String, job: String, attempt: Int? = nil) -> JournalLine? {
        lines.first { $0.event == event && $0.job == job && (attempt == nil || $0.attempt == attempt) }
    }

    /// The jobs with at least one `event` line.
    func jobs(_ event: String) -> Set<String> { Set(lines(event).compactMap(\.job)) }

    /// Every job of the run, from its `job.queued` lines, with its needs.
    var needs: [String: [String]] {
        Dictionary(lines("job.queued").map { ($0.job ?? "", $0.needs ?? []) }, uniquingKeysWith: { a, _ in a })
    }

    /// The status `run.finished` gives; nil while the run is going.
    var finalStatus: String? { lines("run.finished").last?.status }

    /// When each attempt ran: from `job.started` to the end of that attempt.
    var attemptIntervals: [(job: String, start: Date, end: Date)] {
        lines("job.started").compactMap { started in
            guard let job = started.job else { return nil }
            let end = lines.first {
                ["job.succeeded", "job.failed", "job.cancelled"].contains($0.event) && $0.job == job
                    && $0.attempt == started.attempt
            }
            return end.map { (job, started.time, $0.time) }
        }
    }

    /// The stage processes' pids (the `job.started` handles), each one its process group.
    var processGroups: [pid_t] { lines("job.started").compactMap { $0.handle.flatMap { pid_t($0) } } }
}

/// The largest total weight of intervals open at one instant. An interval ending at the
/// instant another starts does not overlap it.
func maximumOverlap(_ intervals: [(start: Date, end: Date, weight: Int)]) -> Int {
    var edges: [(time: Date, change: Int)] = []
    for interval in intervals {
        edges.append((interval.start, interval.weight))
        edges.append((interval.end, -interval.weight))
    }
    // At equal times, ends before starts.
    edges.sort { $0.time == $1.time ? $0.change < $1.change : $0.time < $1.time }
    var open = 0, maximum = 0
    for (_, change) in edges {
        open += change
        maximum = max(maximum, open)
    }
    return maximum
}

extension RunJournal: CustomStringConvertible {
    /// One short line per record (`job.started s07 #1`), so failed expectations stay readable.
    var description: String {
        let rows = lines.map { line in
            [line.event, line.job, line.attempt.map { "#\($0)" }, line.status, line.outcome?.kind]
                .compactMap { $0 }.joined(separator: " ")
        }
        return "journal of run \(runID):\n" + rows.joined(separator: "\n")
    }
}
