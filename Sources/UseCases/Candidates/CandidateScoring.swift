import Artifacts
import BuildConfiguration
import Foundation
import Stages
import Store

/// Scores for the report back, computed as the built-in evaluate stage computes them
/// (`Evaluator`, SQuAD token F1 and exact match per leaf): the held-out questions come
/// from the generate stages' stored outputs, the models from the train stage's output
/// (the candidate) and the base version's published files (before).
struct CandidateScoring {
    let config: BuildConfig
    let build: BuildSpec
    let store: OutputStore

    /// The build's stages that run the built-in `implementation`.
    func stages(_ builtin: BuiltinStage) -> [StageSpec] {
        config.stages.filter { $0.runs(in: build) && $0.implementation == .builtin(builtin) }
    }

    /// The held-out questions of `leaves` (every leaf when nil), from the planned
    /// generate jobs' stored outputs.
    func heldOutQuestions(_ planned: [PlannedJob], leaves: Set<String>?) throws -> [GeneratedExample] {
        let generate = Set(stages(.generate).map(\.name))
        var questions: [GeneratedExample] = []
        for job in planned where generate.contains(job.stage) {
            // A per-leaf instance of another leaf holds none of them: a thousand datasets
            // are not read for one pull request's leaf.
            if let leaves, let leaf = job.job.context.taxonomy?.leaf, !leaves.contains(leaf) { continue }
            let directory = try store.directory(job.job.cacheKey)
            let dataset = try GeneratedDataset.load(from: URL(fileURLWithPath: directory), splits: [.test])
            questions += dataset.testExamples.filter { leaves?.contains($0.leaf) ?? true }
        }
        return questions
    }

    /// Where the candidate's model is: the train stage's stored output. Found, not loaded:
    /// when the evaluate stage scored the candidate, the model is not read again.
    func trainedModelDirectory(_ planned: [PlannedJob]) throws -> URL? {
        let train = Set(stages(.train).map(\.name))
        guard let job = planned.first(where: { train.contains($0.stage) }) else { return nil }
        return URL(fileURLWithPath: try store.directory(job.job.cacheKey))
    }

    /// The model published as `version`: its train stage's files.
    func publishedModel(layout: ArtifactLayout, version: String) throws -> QAModel? {
        for stage in stages(.train) {
            let folder = layout.files(version) + "/" + BuildPublication.folder(for: stage.name)
            if FileManager.default.fileExists(atPath: folder + "/" + QAModel.configFileName) {
                return try QAModel.load(from: URL(fileURLWithPath: folder))
            }
        }
        return nil
    }

    /// Each leaf's scores from the candidate's built-in evaluate stage (after) and the
    /// base version's published metrics of the same stage (before), the pull requests' own
    /// leaves taking their before from `precheck`; nil when the build has no built-in
    /// evaluate stage with per-leaf metrics.
    func evaluatedScores(
        _ planned: [PlannedJob], base: VersionSummary, precheck: [CandidateReport.LeafScores]
    ) throws -> [CandidateReport.LeafScores]? {
        guard let stage = stages(.evaluate).first,
            let job = planned.first(where: { $0.stage == stage.name && $0.job.id == stage.name }),
            let entry = try store.entry(job.job.cacheKey)
        else { return nil }
        let checked = Dictionary(precheck.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        var scores: [CandidateReport.LeafScores] = []
        for (name, questions) in entry.metrics where name.hasPrefix("leaf.") && name.hasSuffix(".questions") {
            let leaf = String(name.dropFirst("leaf.".count).dropLast(".questions".count))
            var after: [String: Double] = [:]
            var before: [String: Double] = checked[leaf]?.after ?? [:]
            for metric in Self.leafMetrics {
                after[metric] = entry.metrics["leaf.\(leaf).\(metric)"]
                if checked[leaf] == nil { before[metric] = base.metrics["\(stage.name).leaf.\(leaf).\(metric)"] }
            }
            scores.append(.init(path: leaf, questions: Int(questions), before: before, after: after))
        }
        guard !scores.isEmpty else { return nil }
        return scores.sorted { $0.path < $1.path }
    }

    /// The per-leaf metrics the built-in evaluation gives for one model.
    static let leafMetrics = ["f1", "exact_match"]

    /// Each leaf's scores with `model` (after) and `base` (before) on `questions`.
    static func scores(model: QAModel?, base: QAModel?, questions: [GeneratedExample]) -> [CandidateReport.LeafScores] {
        let report = Evaluator().evaluate(model: model ?? QAModel(), base: base, questions: questions)
        return report.leaves.map {
            CandidateReport.LeafScores(
                path: $0.leaf, questions: $0.trained.questions,
                before: ["f1": $0.base.f1, "exact_match": $0.base.exactMatch],
                after: ["f1": $0.trained.f1, "exact_match": $0.trained.exactMatch])
        }
    }
}

/// The base version's model, read at most once for all the candidates of a session: with
/// `--each`, every pull request alone is judged on the same base, and its precheck asks
/// the same model.
struct CandidateBaseModel {
    /// nil until read; then the model, or nil when the version has no built-in model.
    private var read: QAModel??

    /// The model published as `version` (``CandidateScoring/publishedModel(layout:version:)``),
    /// read the first time.
    mutating func model(_ scoring: CandidateScoring, layout: ArtifactLayout, version: String) throws -> QAModel? {
        if let read { return read }
        let model = try scoring.publishedModel(layout: layout, version: version)
        read = .some(model)
        return model
    }
}
