import Foundation
import UseCases

/// `schedule --status --json` and `schedule --next --json`: every build's schedule, next
/// fire times and what the scheduler remembers of it, and whether a scheduler runs.
enum ScheduleOverviewJSON {
    static func object(_ overview: ScheduleOverview) -> [String: Any] {
        [
            "scheduler": overview.daemon.map { ["running": true, "holder": $0] as [String: Any] } ?? ["running": false],
            "branch": overview.branch ?? NSNull(),
            "builds": overview.entries.map { entry in
                [
                    "name": entry.spec.name, "schedule": entry.spec.schedule?.expression ?? NSNull(),
                    "timezone": entry.zone.identifier, "onMerge": entry.spec.trigger != nil,
                    "nextFires": entry.nextFires.map(JSONOutput.time),
                    "lastFired": JSONOutput.time(entry.state.lastFired),
                    "runningSince": JSONOutput.time(entry.state.runningSince),
                    "builtHead": entry.state.builtHead ?? NSNull(),
                    "last": entry.state.lastResult.map(result) ?? NSNull(),
                    "onPullRequest": entry.spec.pullRequestTrigger != nil,
                    "pullRequests": (entry.state.pullRequests ?? [:]).mapValues(pullRequest),
                ] as [String: Any]
            },
        ]
    }

    /// A candidate build's pull request: the head seen, since when, and the head tried.
    private static func pullRequest(_ state: PullRequestScheduleState) -> [String: Any] {
        [
            "seenHead": state.seenHead, "seenSince": JSONOutput.time(state.seenSince),
            "triedHead": state.triedHead ?? NSNull(), "candidate": state.candidate ?? NSNull(),
            "status": state.lastResult?.status.rawValue ?? NSNull(),
        ]
    }

    private static func result(_ result: ScheduleResult) -> [String: Any] {
        [
            "status": result.status.rawValue, "runID": result.runID ?? NSNull(), "finished": JSONOutput.time(result.finished),
            "version": result.version ?? NSNull(), "failedStage": result.failedStage ?? NSNull(),
            "detail": result.detail ?? NSNull(), "metrics": result.metrics,
        ]
    }
}
