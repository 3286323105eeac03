import Foundation
import StageProtocol

/// `builtin/evaluate`: answers the held-out questions with the trained model and with the
/// base model; exact match and token F1 overall and per leaf, improvements and
/// regressions, in `result.json` and `report.md`.
enum EvaluateStage {
    static func run(_ context: StageContext, print: (String) -> Void) throws(BuiltinStageError) {
        let inputs = StageInputs(context: context)
        guard let (model, runs) = try inputs.model() else {
            throw BuiltinStageError("builtin/evaluate found no model among its inputs; it needs the train stage")
        }
        guard let dataset = try inputs.datasets([.test]) else {
            throw BuiltinStageError(
                "builtin/evaluate found no held-out data among its inputs; add the generate stage to its needs")
        }
        let questions = dataset.testExamples
        let report = Evaluator().evaluate(
            model: model, base: try inputs.baseModel(reusing: runs), questions: questions,
            removed: context.taxonomy?.removedLeaves ?? [])
        let metrics = report.metrics
        do {
            try report.write(to: URL(fileURLWithPath: context.output), metrics: metrics)
        } catch {
            throw BuiltinStageError("\(error)")
        }
        for name in ["f1", "exact_match", "base_f1", "f1_delta"] {
            if let value = metrics[name] { print("::metric \(name)=\(value)") }
        }
        print("evaluated \(questions.count) held-out questions")
        for leaf in report.removed {
            print("removed capability: \(leaf.path) (last F1 \(leaf.lastMetrics["f1"].map(EvaluationReport.fixed) ?? "unknown"))")
        }
    }
}
