import Foundation
import StageProtocol

/// The JSON summary a notifier receives when a scheduled build ends:
/// `{"build", "version", "status", "failedStage", "failedStageLog", "metrics", "link", "runID",
/// "finished", "detail"}`; for a pull request's candidate, also `"pullRequest"`,
/// `"candidate"` (its id) and `"report"` (its report.json).
public struct BuildNotification: Sendable, Hashable, Codable {
    public var build: String
    /// The published version; nil until the build publishes.
    public var version: String?
    /// `succeeded`, `failed`, or `error` (the build could not start).
    public var status: String
    public var failedStage: String?
    /// The failed stage's last log lines, which usually say why (`CUDA out of memory`).
    public var failedStageLog: [String]?
    /// Every metric the stages reported, as `stage.metric`.
    public var metrics: [String: Double]
    /// Where to look: the model's report when there is one, else the run's folder.
    public var link: String?
    public var runID: String?
    public var finished: Date
    /// What went wrong, when the build could not start.
    public var detail: String?
    /// The pull request a candidate build tried; nil for other builds.
    public var pullRequest: Int?
    /// The candidate's id (`pr-42-9bce9f04`), when one was built.
    public var candidate: String?
    /// The candidate's report back, as report.json holds it.
    public var report: CandidateReport?

    public init(
        build: String, version: String? = nil, status: String, failedStage: String? = nil,
        metrics: [String: Double] = [:], link: String? = nil, runID: String? = nil, finished: Date,
        detail: String? = nil
    ) {
        self.build = build
        self.version = version
        self.status = status
        self.failedStage = failedStage
        self.metrics = metrics
        self.link = link
        self.runID = runID
        self.finished = finished
        self.detail = detail
    }

    /// The summary of `result`, a run of `build`.
    public init(build: String, result: ScheduleResult) {
        self.init(
            build: build, version: result.version, status: result.status.rawValue, failedStage: result.failedStage,
            metrics: result.metrics,
            link: result.link, runID: result.runID, finished: result.finished, detail: result.detail)
        failedStageLog = result.failedStageLog
    }

    /// The summary of a candidate build of pull request `pullRequest`.
    public init(build: String, pullRequest: Int, candidate: ScheduledCandidate) {
        self.init(build: build, result: candidate.result)
        self.pullRequest = pullRequest
        self.candidate = candidate.result.candidate
        report = candidate.report
    }

    /// The summary as the notifiers send it: stable key order, explicit nulls.
    public func json() -> Data {
        var object: [String: Any] = [
            "build": build, "status": status, "metrics": metrics,
            "finished": ISO8601DateFormatter().string(from: finished),
        ]
        object["version"] = version ?? NSNull()
        object["failedStage"] = failedStage ?? NSNull()
        object["failedStageLog"] = failedStageLog ?? NSNull()
        object["link"] = link ?? NSNull()
        object["runID"] = runID ?? NSNull()
        object["detail"] = detail ?? NSNull()
        if let pullRequest {
            object["pullRequest"] = pullRequest
            object["candidate"] = candidate ?? NSNull()
            object["report"] =
                report.flatMap { try? JSONSerialization.jsonObject(with: Data(JSONWriter.document($0))) } ?? NSNull()
        }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data()
    }
}
