import Artifacts
import Foundation
import Runner

extension RunHistory {
    /// The last `limit` runs of the project as the dashboard shows them, oldest first:
    /// failed, cancelled and interrupted runs as such, the rest as publishing nothing new
    /// (the index marks the ones a version names as published). Unreadable journals, and
    /// candidates' runs (they are about pull requests, not the model's builds), are left out.
    public func outcomes(limit: Int = 60) -> [RunOutcome] {
        guard let runs = try? state.runs() else { return [] }
        return runs.suffix(limit).compactMap { run in
            if let ends = Journal.ends(path: run.journalFile), case .runStarted(let start) = ends.first.event,
                start.candidate != nil
            {
                return nil
            }
            // A run that succeeded, from its first and last lines: reading every line of a
            // 66,000-stage run took seconds of a build that had nothing to do.
            if let ends = Journal.ends(path: run.journalFile), case .runStarted(let start) = ends.first.event,
                case .runFinished(.succeeded) = ends.last.event
            {
                return RunOutcome(
                    id: run.id, build: start.buildName, started: ends.first.time, finished: ends.last.time,
                    status: .nothingNew, failedStage: nil)
            }
            guard let summary = try? RunSummary(journal: run.journalFile), let started = summary.startedAt else {
                return nil
            }
            let status: RunOutcome.Status =
                switch self.status(of: run, summary) {
                case "failed": .failed
                case "cancelled": .cancelled
                case "interrupted": .interrupted
                case "running": .running
                default: .nothingNew
                }
            return RunOutcome(
                id: run.id, build: summary.start?.buildName ?? "?", started: started, finished: summary.finishedAt,
                status: status, failedStage: summary.jobs.first { $0.state == .failed }?.id)
        }
    }
}
