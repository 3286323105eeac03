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
            let directory = try store.directory(job.job.cacheKey)
            let dataset = try GeneratedDataset.load(from: URL(fileURLWithPath: directory))
            questions += dataset.testExamples.filter { leaves?.contains($0.leaf) ?? true }
        }
        return questions
    }

    /// The candidate's model: the train stage's stored output.
    func trainedModel(_ planned: [PlannedJob]) throws -> QAModel? {
        let train = Set(stages(.train).map(\.name))
        guard let job = planned.first(where: { train.contains($0.stage) }) else { return nil }
        return try QAModel.load(from: URL(fileURLWithPath: try store.directory(job.job.cacheKey)))
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
