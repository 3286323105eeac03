import Artifacts
import BuildConfiguration
import Foundation
import Stages
import Store
import Synchronization

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
        Self.stages(builtin, config: config, build: build)
    }

    /// `build`'s stages in `config` that run the built-in `implementation`.
    static func stages(_ builtin: BuiltinStage, config: BuildConfig, build: BuildSpec) -> [StageSpec] {
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

    /// The model published as `version`: the files of `trainStages`' stage folder.
    static func publishedModel(trainStages: [StageSpec], layout: ArtifactLayout, version: String) throws -> QAModel? {
        for stage in trainStages {
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
    /// evaluate stage with per-leaf metrics. `entries` are the stored entries of the
    /// candidate's stages by name (`CandidateSession.stageEntries`).
    func evaluatedScores(
        _ entries: [String: StoreEntry], base: VersionSummary, precheck: [CandidateReport.LeafScores]
    ) -> [CandidateReport.LeafScores]? {
        guard let stage = stages(.evaluate).first, let entry = entries[stage.name] else { return nil }
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
        scores(Evaluator().evaluate(model: model ?? QAModel(), base: base, questions: questions))
    }

    /// Each leaf's scores of the model `answering` holds (after; before is 0) on
    /// `questions`: what ``scores(model:base:questions:)`` gives with no base, from an
    /// index built beforehand.
    static func scores(answering: CandidateBaseModel.Answering, questions: [GeneratedExample]) -> [CandidateReport.LeafScores] {
        scores(
            Evaluator().evaluate(
                trained: answering.index, modelExamples: answering.model.exampleCount, base: nil, baseExamples: 0,
                questions: questions))
    }

    /// Each leaf's scores in `report`: the trained model's after, the base's before.
    private static func scores(_ report: EvaluationReport) -> [CandidateReport.LeafScores] {
        report.leaves.map {
            CandidateReport.LeafScores(
                path: $0.leaf, questions: $0.trained.questions,
                before: ["f1": $0.base.f1, "exact_match": $0.base.exactMatch],
                after: ["f1": $0.trained.f1, "exact_match": $0.trained.exactMatch])
        }
    }
}

/// The base version's model, read at most once for all the candidates of a session (with
/// `--each`, every pull request alone is judged on the same base, and its precheck asks
/// the same model), and read in the background once `start()` is called: the precheck
/// starts it when its generate stages start, whose processes leave the candidate's own
/// cores free, so the precheck finds the model loaded and indexed. A model that cannot be
/// read fails where it is first asked for, with the reading's own error, as if it were
/// read there; a candidate that never asks never sees the error.
final class CandidateBaseModel: Sendable {
    /// The model and the index that answers with it.
    struct Answering: Sendable {
        let model: QAModel
        let index: QAIndex
    }

    private let read: @Sendable () throws -> Answering?
    /// The model and its index (nil when the version has no built-in model), once started.
    private let reading = Mutex<Task<Answering?, any Error>?>(nil)

    /// The model published as `version` by `build`'s train stages, not read yet.
    init(config: BuildConfig, build: BuildSpec, layout: ArtifactLayout, version: String) {
        let train = CandidateScoring.stages(.train, config: config, build: build)
        read = {
            guard let model = try CandidateScoring.publishedModel(trainStages: train, layout: layout, version: version)
            else { return nil }
            return Answering(model: model, index: model.index())
        }
    }

    /// Starts reading the model on another thread, unless it was started before.
    @discardableResult
    func start() -> Task<Answering?, any Error> {
        reading.withLock { reading in
            if let reading { return reading }
            let task = Task.detached(operation: read)
            reading = task
            return task
        }
    }

    /// The model published as the base version, or nil when it has no built-in model.
    func model() async throws -> QAModel? {
        try await start().value?.model
    }

    /// The model with its index; without a built-in model, an empty one, which answers
    /// nothing (as the precheck scored such a base before).
    func answering() async throws -> Answering {
        if let answering = try await start().value { return answering }
        let empty = QAModel()
        return Answering(model: empty, index: empty.index())
    }

    /// Stops caring for the reading: the session is over.
    func cancel() {
        reading.withLock { $0?.cancel() }
    }
}
