import BuildConfiguration
import Foundation
import Runner

extension SessionBuildRunner: ScheduledCandidateRunner {
    /// Loads builds.yaml and builds pull request `pullRequest`'s candidate on the latest
    /// version of the candidate build's `base:`, published as `modelbuild candidate` would
    /// publish it; every ending comes back as a result.
    public func runCandidate(build: String, pullRequest: Int, clock: any ScheduleClock) async -> ScheduledCandidate {
        let config: BuildConfig
        let session: BuildSession
        switch loadSession() {
        case .success(let loaded): (session, config) = loaded
        case .failure(let detail):
            return ScheduledCandidate(result: ScheduleResult(status: .error, finished: clock.now, detail: detail.text))
        }
        guard let spec = config.build(named: build), spec.kind == .candidate else {
            return ScheduledCandidate(
                result: ScheduleResult(
                    status: .error, finished: clock.now, detail: "builds.yaml has no candidate build named \(build)"))
        }
        let outcome: CandidateOutcome
        do {
            outcome = try await CandidateSession(builds: session).run(
                CandidateOptions(pullRequests: [pullRequest], on: spec.base), config: config)
        } catch let error as BuildLockError {
            // Someone builds the same candidate by hand: this one is skipped, not failed.
            let status: ScheduleResult.Status = if case .held = error { .busy } else { .error }
            return ScheduledCandidate(result: ScheduleResult(status: status, finished: clock.now, detail: "\(error)"))
        } catch {
            let status: ScheduleResult.Status = Task.isCancelled ? .cancelled : .error
            return ScheduledCandidate(result: ScheduleResult(status: status, finished: clock.now, detail: "\(error)"))
        }
        return Self.candidateResult(outcome, pullRequest: pullRequest, finished: clock.now)
    }

    /// How a candidate's report reads as a scheduler result.
    static func candidateResult(_ outcome: CandidateOutcome, pullRequest: Int, finished: Date) -> ScheduledCandidate {
        let report = outcome.report
        let entry = report.pullRequests.first { $0.number == pullRequest }
        let reportFile = (outcome.published ?? outcome.reportDirectory) + "/report.md"
        let result = ScheduleResult(
            status: report.isAcceptable ? .succeeded : .failed, runID: report.runs.last, finished: finished,
            detail: entry.map { "#\(pullRequest) \($0.verdict.rawValue): \($0.reason)" }, metrics: report.metrics,
            link: URL(fileURLWithPath: reportFile).absoluteString, candidate: report.id)
        return ScheduledCandidate(result: result, head: entry?.head, report: report)
    }
}
