import Foundation
import StageProtocol

/// `builtin/train`: the lexical question-answering model, trained on the generated data.
/// It starts from the base model when there is one (`model.base: previous`), replaces
/// the leaves the data covers and drops the leaves the taxonomy no longer has.
enum TrainStage {
    static func run(_ context: StageContext, print: (String) -> Void) throws(BuiltinStageError) {
        let inputs = StageInputs(context: context)
        guard let dataset = try inputs.datasets([.train]) else {
            throw BuiltinStageError("builtin/train found no generated data among its inputs; it needs the generate stage")
        }
        var model = try inputs.baseModel() ?? QAModel()
        let startedFrom = model.leaves.count
        do {
            model.parameters = try ModelParameters(params: context.params)
        } catch {
            throw BuiltinStageError("with: \(error)")
        }
        var removed: [String] = []
        if let taxonomy = context.taxonomy {
            let present = Set(SnapshotLeaves(path: taxonomy.path).all())
            removed = model.leaves.filter { !present.contains($0) }
        }
        do {
            try model.update(with: dataset, removedLeaves: removed)
            try model.write(to: URL(fileURLWithPath: context.output))
        } catch {
            throw BuiltinStageError("\(error)")
        }
        print(
            "trained on \(dataset.trainingExamples.count) examples of \(dataset.leaves.count) leaves"
                + (startedFrom > 0 ? ", starting from a base model with \(startedFrom) leaves" : "")
                + (removed.isEmpty ? "" : ", removing \(removed.count) leaves: \(removed.joined(separator: ", "))"))
        print("::metric examples=\(model.exampleCount)")
        print("::metric leaves=\(model.leaves.count)")
    }
}
