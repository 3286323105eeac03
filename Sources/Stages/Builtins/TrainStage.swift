import Foundation
import StageProtocol

/// `builtin/train`: the lexical question-answering model, trained on the generated data.
/// It starts from the base model when there is one (`model.base: previous`), replaces
/// the leaves the data covers and drops the leaves the taxonomy no longer has.
///
/// Incremental by leaf data: a leaf whose `train.jsonl` has the SHA-256 the base model
/// recorded for it keeps the base model's lines and figures unparsed; only the other
/// leaves' data is read. The files are those of a model trained from scratch on the same
/// data (``QAModel/files(of:parameters:)`` writes both).
enum TrainStage {
    /// One leaf's training data in an input.
    private struct LeafData: Sendable {
        var input: String
        var directory: URL
        var leaf: String
        var train: DatasetRecipe.File

        /// The leaf's part, from its `train.jsonl`.
        func part() throws(BuiltinStageError) -> ModelLeafPart {
            do {
                let examples = try GeneratedDataset.readExamples(train, leaf: leaf, split: .train, in: directory)
                return ModelLeafPart(leaf: leaf, examples: examples.map(ModelExample.init), trainSHA256: train.sha256)
            } catch {
                throw BuiltinStageError("input \(input): \(error)")
            }
        }
    }

    static func run(_ context: StageContext, print: (String) -> Void) throws(BuiltinStageError) {
        let inputs = StageInputs(context: context)
        guard let recipes = try inputs.recipes() else {
            throw BuiltinStageError("builtin/train found no generated data among its inputs; it needs the generate stage")
        }
        let parameters: ModelParameters
        do {
            parameters = try ModelParameters(params: context.params)
        } catch {
            throw BuiltinStageError("with: \(error)")
        }
        let data = recipes.flatMap { input in
            input.recipe.leaves.map { LeafData(input: input.name, directory: input.directory, leaf: $0.leaf, train: $0.train) }
        }
        var parts: [String: ModelLeafPart] = [:]
        for part in try inputs.baseModelParts() ?? [] { parts[part.leaf] = part }
        let startedFrom = parts.count
        var removed: [String] = []
        if let taxonomy = context.taxonomy {
            let present = Set(SnapshotLeaves(path: taxonomy.path).all())
            removed = parts.keys.sorted().filter { !present.contains($0) }
        }
        // A leaf in two inputs: the later input's data, as a merged dataset gives it.
        var latest: [String: LeafData] = [:]
        for leaf in data { latest[leaf.leaf] = leaf }
        let changed = latest.values.filter { parts[$0.leaf]?.trainSHA256 != $0.train.sha256 }.sorted { $0.leaf < $1.leaf }
        // Read on every core: parsing the changed leaves' JSON lines is most of the stage.
        for part in try ParallelMap.map(changed, { (leaf) throws(BuiltinStageError) in try leaf.part() }) {
            parts[part.leaf] = part
        }
        for leaf in removed { parts[leaf] = nil }
        do {
            try QAModel.write(
                QAModel.files(of: Array(parts.values), parameters: parameters), to: URL(fileURLWithPath: context.output))
        } catch {
            throw BuiltinStageError("\(error)")
        }
        let trained = parts.values.filter { $0.exampleCount > 0 }
        print(
            "trained on \(data.reduce(0) { $0 + $1.train.records }) examples of \(data.count) leaves"
                + (startedFrom > 0 ? ", starting from a base model with \(startedFrom) leaves" : "")
                + (removed.isEmpty ? "" : ", removing \(removed.count) leaves: \(removed.joined(separator: ", "))"))
        if startedFrom > 0 {
            print("read the data of \(changed.count) leaves; kept \(latest.count - changed.count) unchanged from the base model")
        }
        print("::metric examples=\(trained.reduce(0) { $0 + $1.exampleCount })")
        print("::metric leaves=\(trained.count)")
    }
}
