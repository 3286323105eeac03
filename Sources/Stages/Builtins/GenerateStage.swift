import Foundation
import InstructLabValidation
import StageProtocol

/// `builtin/generate`: training and held-out data from the seed examples of one leaf (a
/// `foreach` instance) or of every leaf, deterministic for the same inputs and seed.
enum GenerateStage {
    static func run(_ context: StageContext, print: (String) -> Void) throws(BuiltinStageError) {
        guard let taxonomy = context.taxonomy else {
            throw BuiltinStageError("builtin/generate needs a taxonomy (builds.yaml has no taxonomy: section)")
        }
        let snapshot = SnapshotLeaves(path: taxonomy.path)
        let leaves = taxonomy.leaf.map { [$0] } ?? snapshot.all()
        var seeds: [SeedLeaf] = []
        for leaf in leaves {
            let bytes = try snapshot.qna(leaf)
            if LeafValidator.isEmptyDocument(bytes) {
                // As validate warns and InstructLab skips it: nothing to learn from.
                print(snapshot.emptyLeafWarning(leaf) + "; generating without it")
                continue
            }
            seeds.append(
                try SeedLeafReader.read(
                    bytes, leaf: leaf, documentsFolder: snapshot.documentsFolder(leaf), warn: print))
        }
        var params = context.params
        params["item"] = nil
        let options: GenerationOptions
        do {
            options = try GenerationOptions(params: params)
        } catch {
            throw BuiltinStageError("with: \(error)")
        }
        do {
            let dataset = try DatasetGenerator(options: options).generate(seeds)
            try dataset.write(to: URL(fileURLWithPath: context.output))
            print(
                "generated \(dataset.trainingExamples.count) training and \(dataset.testExamples.count) held-out examples for \(leaves.count) leaves"
            )
            print("::metric training_examples=\(dataset.trainingExamples.count)")
            print("::metric test_examples=\(dataset.testExamples.count)")
        } catch let error as SeedError {
            throw BuiltinStageError("\(error)")
        } catch {
            throw BuiltinStageError("\(error)")
        }
    }
}
