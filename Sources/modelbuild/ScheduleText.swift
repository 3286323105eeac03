import Cron
import Foundation
import UseCases
import BuildConfiguration

/// How a scheduler's times, decisions and results read in its log and in `--next` and
/// `--status`.
enum ScheduleText {
    /// `2026-11-27 02:00 UTC` (seconds only when they are not zero).
    static func utc(_ date: Date) -> String {
        wall(Int64(date.timeIntervalSince1970.rounded(.down))) + " UTC"
    }

    /// `2026-11-27 03:00 +01:00 Europe/Paris`: the wall time in `zone`.
    static func zoned(_ date: Date, _ zone: ZoneInfo) -> String {
        let instant = Int64(date.timeIntervalSince1970.rounded(.down))
        let offset = Int(zone.offset(at: instant))
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        return wall(instant + Int64(offset)) + String(format: " %@%02d:%02d ", sign, minutes / 60, minutes % 60)
            + zone.identifier
    }

    /// The time in UTC, and in `zone` too when it is another zone.
    static func both(_ date: Date, _ zone: ZoneInfo) -> String {
        zone.identifier == "UTC" ? utc(date) : utc(date) + "  =  " + zoned(date, zone)
    }

    /// `in 3h12m`, `2m ago`.
    static func relative(_ date: Date, now: Date) -> String {
        let seconds = Int64(date.timeIntervalSince(now).rounded())
        let text = DurationText.format(.seconds(abs(seconds)))
        return seconds >= 0 ? "in \(text)" : "\(text) ago"
    }

    static func short(_ head: String) -> String { String(head.prefix(12)) }

    /// `2026-11-27T02:00:00Z`, the first column of every log line.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    private static func wall(_ seconds: Int64) -> String {
        let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let second = seconds - day * 86_400
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = second % 60 == 0 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    static func reason(_ reason: FireReason) -> String {
        switch reason {
        case .scheduled(let slot): "scheduled for \(utc(slot))"
        case .caughtUp(let slot, let missed):
            "caught up: the fire time \(utc(slot)) passed while no scheduler ran"
                + (missed > 0 ? " (and \(missed) earlier one\(missed == 1 ? "" : "s"); one run for all)" : "")
        case .merged(let from, let to): "taxonomy moved \(short(from)) → \(short(to)) and stayed quiet"
        }
    }

    static func result(_ result: ScheduleResult) -> String {
        let run = result.runID.map { " (run \($0))" } ?? ""
        switch result.status {
        case .succeeded: return "succeeded\(run)"
        case .upToDate: return "skipped: nothing merged — \(result.detail ?? "up to date")"
        case .busy: return "skipped: \(result.detail ?? "another modelbuild is running this build")"
        case .cancelled: return "cancelled\(run)"
        case .error: return "error: \(result.detail ?? "the build could not start")"
        case .failed:
            guard let stage = result.failedStage, let id = result.runID else { return "failed\(run)" }
            return "failed at stage \(stage)\(run) — modelbuild logs \(id) \(stage)"
        }
    }

    /// `candidate pr-42-9bce9f04: #42 improves: … (report: file:///…/report.md)`, or the error.
    static func candidateResult(_ candidate: ScheduledCandidate) -> String {
        let result = candidate.result
        guard let id = result.candidate, [.succeeded, .failed].contains(result.status) else { return Self.result(result) }
        return "candidate \(id): \(result.detail ?? result.status.rawValue)" + (result.link.map { " (report: \($0))" } ?? "")
    }

    /// One log line for `event`, or nil for events shown only with `--verbose`.
    static func line(_ event: ScheduleEvent, verbose: Bool) -> String? {
        let text: String
        switch event.kind {
        case .started(let builds, let once):
            text = (once ? "running what is due now for " : "scheduler started for ") + builds.joined(separator: ", ")
        case .fired(let reason):
            if case .caughtUp = reason { text = Self.reason(reason) } else { text = "fired: \(Self.reason(reason))" }
        case .skippedStillRunning(let reason):
            text = "skipped: the previous run is still going (concurrency: forbid; was \(Self.reason(reason)))"
        case .queued(let reason, let coalesced):
            text = coalesced
                ? "queued: a run is already waiting for the previous one to end; this joins it"
                : "queued: runs when the previous run ends (was \(Self.reason(reason)))"
        case .replacing(let reason, _):
            text = "replacing: cancelling the previous run to start a new one (\(Self.reason(reason)))"
        case .skippedMissed(let latest, let count):
            text = "skipped \(count) missed fire time\(count == 1 ? "" : "s") (the latest \(utc(latest))): catchup: none"
        case .watching(let head):
            text = "watching the taxonomy branch at \(short(head)); builds when it moves"
        case .mergeSeen(let head, let until):
            text = "taxonomy moved to \(short(head)); builds at \(utc(until)) unless it moves again"
        case .pollFailed(let reason):
            text = "could not read the taxonomy branch (trying again at the next poll): \(reason)"
        case .pullRequestMoved(let number, let head, let until):
            text = "pull request #\(number) is at \(short(head)); builds its candidate at \(utc(until)) unless it moves again"
        case .pullRequestPollFailed(let reason):
            text = "could not read the pull requests (trying again at the next poll): \(reason)"
        case .candidateFired(let number, let head):
            text = "fired: building the candidate of pull request #\(number) at \(short(head))"
        case .candidateFinished(let number, let candidate):
            text = "pull request #\(number): " + Self.candidateResult(candidate)
        case .finished(let result):
            text = Self.result(result)
        case .notifyFailed(let failure):
            text = "notifier failed (the build's result stands): \(failure)"
        case .reloaded(let builds, let added, let removed):
            let changes = (added.isEmpty ? [] : ["added " + added.joined(separator: ", ")])
                + (removed.isEmpty ? [] : ["removed " + removed.joined(separator: ", ")])
            text = "builds.yaml changed; scheduling "
                + (builds.isEmpty ? "nothing" : builds.joined(separator: ", "))
                + (changes.isEmpty ? "" : " (" + changes.joined(separator: "; ") + ")")
        case .reloadFailed(let error):
            text = "builds.yaml changed but does not load; keeping the schedules it had until it is fixed:\n"
                + error.errors.map { "  " + $0 }.joined(separator: "\n")
        case .stateNotSaved(let reason):
            text = "warning: state not saved: \(reason)"
        case .idle(let next):
            guard verbose else { return nil }
            text = next.map { "nothing due; next at \(utc($0))" } ?? "nothing due; nothing scheduled"
        case .draining(let builds, let timeout):
            text = "stopping: no new builds; letting \(builds.joined(separator: ", ")) finish "
                + "(at most \(DurationText.format(timeout)))"
        case .cancelling(let builds, let afterTimeout):
            text = (afterTimeout ? "drain timeout: " : "stopping: ") + "cancelling \(builds.joined(separator: ", "))"
        case .droppedQueued(let builds):
            text = "stopping: queued runs of \(builds.joined(separator: ", ")) will not start"
        case .stopped:
            text = "scheduler stopped"
        }
        return timestamp(event.time) + " " + (event.build.map { "\($0): " } ?? "") + text
    }
}
