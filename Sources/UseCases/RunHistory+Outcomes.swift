import Artifacts
import Foundation
import Runner

extension RunHistory {
    /// The last `limit` runs of the project as the dashboard shows them, oldest first:
    /// failed, cancelled and interrupted runs as such, the rest as publishing nothing new
    /// (the index marks the ones a version names as published). Unreadable journals are left out.
    public func outcomes(limit: Int = 60) -> [RunOutcome] {
        guard let runs = try? state.runs() else { return [] }
        return runs.suffix(limit).compactMap { run in
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
