import Foundation
import StageProtocol

/// What a stage's inputs hold, told apart by their files: datasets from `generate`
/// (`recipe.json`) and models from `train` (`config.json` with `examples.jsonl`).
struct StageInputs {
    let context: StageContext

    /// Every generated dataset among the inputs, merged, in input-name order, with only
    /// the `splits` asked for read (``GeneratedDataset/load(from:splits:)``).
    func datasets(_ splits: Set<GeneratedExample.Split>) throws(BuiltinStageError) -> GeneratedDataset? {
        let datasets = context.inputs.sorted(by: { $0.key < $1.key }).filter { _, path in
            FileManager.default.fileExists(atPath: Self.folder(path).appendingPathComponent("recipe.json", isDirectory: false).path)
        }
        // Read on every core: parsing a thousand inputs' JSON lines is most of the stage.
        let loaded = try ParallelMap.map(datasets) { (name, path) throws(BuiltinStageError) in
            do {
                return try GeneratedDataset.load(from: Self.folder(path), splits: splits)
            } catch {
                throw BuiltinStageError("input \(name): \(error)")
            }
        }
        guard let options = loaded.first?.options else { return nil }
        // Sorted once, not once per input: a per-leaf generate gives a thousand inputs.
        return GeneratedDataset(options: options, leaves: loaded.flatMap(\.leaves))
    }

    /// Every generated dataset's recipe among the inputs, in input-name order, with the
    /// input's name and folder; `nil` when no input holds one. Reading a recipe reads none
    /// of its data files.
    func recipes() throws(BuiltinStageError) -> [(name: String, directory: URL, recipe: DatasetRecipe)]? {
        let datasets = context.inputs.sorted(by: { $0.key < $1.key }).filter { _, path in
            FileManager.default.fileExists(atPath: Self.folder(path).appendingPathComponent("recipe.json", isDirectory: false).path)
        }
        guard !datasets.isEmpty else { return nil }
        return try ParallelMap.map(datasets) {
            (name, path) throws(BuiltinStageError) -> (name: String, directory: URL, recipe: DatasetRecipe) in
            let directory = Self.folder(path)
            do {
                return (name, directory, try DatasetRecipe.load(from: directory))
            } catch {
                throw BuiltinStageError("input \(name): \(error)")
            }
        }
    }

    /// The model among the inputs, with its runs of lines for loading the base model.
    func model() throws(BuiltinStageError) -> (model: QAModel, runs: ModelLineRuns)? {
        for (name, path) in context.inputs.sorted(by: { $0.key < $1.key }) where Self.holdsModel(path) {
            do {
                return try QAModel.load(from: Self.folder(path), reusing: nil)
            } catch {
                throw BuiltinStageError("input \(name): \(error)")
            }
        }
        return nil
    }

    /// The base model, when the build has one with files (the previous build's model);
    /// the leaves whose lines the input model holds byte for byte are not parsed again.
    func baseModel(reusing runs: ModelLineRuns) throws(BuiltinStageError) -> QAModel? {
        guard let path = context.baseModel?.path, Self.holdsModel(path) else { return nil }
        do {
            return try QAModel.load(from: Self.folder(path), reusing: runs).model
        } catch {
            throw BuiltinStageError("base model \(context.baseModel?.name ?? path): \(error)")
        }
    }

    /// The base model's leaves as parts to train on top of (``QAModel/storedParts(in:)``),
    /// when the build has a base model with files (the previous build's model).
    func baseModelParts() throws(BuiltinStageError) -> [ModelLeafPart]? {
        guard let path = context.baseModel?.path, Self.holdsModel(path) else { return nil }
        do {
            return try QAModel.storedParts(in: Self.folder(path))
        } catch {
            throw BuiltinStageError("base model \(context.baseModel?.name ?? path): \(error)")
        }
    }

    static func holdsModel(_ path: String) -> Bool {
        let directory = folder(path)
        return FileManager.default.fileExists(atPath: directory.appendingPathComponent("config.json", isDirectory: false).path)
            && FileManager.default.fileExists(
                atPath: directory.appendingPathComponent("examples.jsonl", isDirectory: false).path)
    }

    /// An input's folder. Said to be one, and its files said to be files, because a URL left
    /// to find out asks the file system (a `stat` per URL, thousands for a thousand inputs).
    static func folder(_ path: String) -> URL {
        URL(fileURLWithPath: path, isDirectory: true)
    }
}
