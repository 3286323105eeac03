import Foundation
import Platform
import StageProtocol
import TestSupport
import Testing

@testable import Stages

/// `builtin/train` on top of a base model: only the leaves whose data changed are read,
/// and the files are those of training from scratch on the same data.
@Suite struct IncrementalTrainingTests {
    let generator = DatasetGenerator(options: GenerationOptions(variantsPerQuestion: 3, seed: 7))

    /// Yesterday's birds leaf, with other data than today's.
    static let oldBirds: SeedLeaf = {
        var birds = SyntheticTaxonomy.birds
        birds.content = .knowledge(
            examples: [
                KnowledgeSeed(
                    context: "Swifts can stay airborne for ten months.",
                    questionsAndAnswers: [QuestionAnswer(question: "How long can swifts fly?", answer: "Ten months.")])
            ], documents: [])
        return birds
    }()
    static let deleted = SeedLeaf.skill(
        path: "compositional_skills/old/deleted", examples: [SkillSeed(question: "Old?", answer: "Gone.")])

    /// A build's folders under `root`: each leaf's data in its own input (a per-leaf
    /// generate), a snapshot holding the leaves' `qna.yaml`, and an empty output folder.
    func stageFolders(_ leaves: [SeedLeaf], under root: URL) throws -> (inputs: [String: String], snapshot: URL) {
        var inputs: [String: String] = [:]
        let snapshot = root.appendingPathComponent("snapshot")
        for (number, leaf) in leaves.enumerated() {
            let input = root.appendingPathComponent("generate-\(number)")
            try generator.generate([leaf]).write(to: input)
            inputs["generate[\(leaf.path)]"] = input.path
            let folder = snapshot.appendingPathComponent(leaf.path)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("version: 3\n".utf8).write(to: folder.appendingPathComponent("qna.yaml"))
        }
        return (inputs, snapshot)
    }

    /// Runs `builtin/train` into `output` and returns its log lines.
    @discardableResult
    func train(
        inputs: [String: String], snapshot: URL, base: URL?, output: URL
    ) throws -> [String] {
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let context = StageContext(
            runID: "run-1", stage: "train", attempt: 1,
            build: .init(name: "nightly", kind: "nightly", version: nil, model: "lab-model"),
            params: ["k1": .number(1.4)], inputs: inputs, output: output.path,
            taxonomy: .init(commit: "c0ffee", path: snapshot.path, changedLeaves: []),
            baseModel: base.map { .init(name: "nightly-1", path: $0.path, sha256: nil) })
        var lines: [String] = []
        let succeeded = try BuiltinStages.run("builtin/train", context: context) { lines.append($0) }
        #expect(succeeded, "\(lines)")
        return lines
    }

    func files(_ directory: URL) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for name in [QAModel.configFileName, QAModel.examplesFileName] {
            files[name] = Array(try Data(contentsOf: directory.appendingPathComponent(name)))
        }
        return files
    }

    /// Yesterday's model, trained by the stage on capitals, units, the old birds and a
    /// leaf deleted since, into `root/base`.
    func yesterday(under root: URL) throws -> URL {
        let old = try stageFolders(
            [SyntheticTaxonomy.capitals, SyntheticTaxonomy.units, Self.oldBirds, Self.deleted],
            under: root.appendingPathComponent("yesterday"))
        let base = root.appendingPathComponent("base")
        try train(inputs: old.inputs, snapshot: old.snapshot, base: nil, output: base)
        return base
    }

    @Test func aChangedARemovedAndAddedLeavesGiveTheFilesOfTrainingFromScratchReadingOnlyTheirData() async throws {
        try await withTemporaryDirectory { root in
            let base = try yesterday(under: root)
            let today = try stageFolders(SyntheticTaxonomy.leaves, under: root.appendingPathComponent("today"))
            let scratch = root.appendingPathComponent("scratch")
            try train(inputs: today.inputs, snapshot: today.snapshot, base: nil, output: scratch)

            // The unchanged leaves' data is not read: without it, training still succeeds.
            for leaf in [SyntheticTaxonomy.capitals, SyntheticTaxonomy.units] {
                let input = URL(fileURLWithPath: try #require(today.inputs["generate[\(leaf.path)]"]))
                try FileManager.default.removeItem(at: input.appendingPathComponent("leaves/\(leaf.path)/train.jsonl"))
            }
            let incremental = root.appendingPathComponent("incremental")
            let log = try train(inputs: today.inputs, snapshot: today.snapshot, base: base, output: incremental)

            #expect(try files(incremental) == files(scratch))
            #expect(log.contains("read the data of 4 leaves; kept 2 unchanged from the base model"), "\(log)")
            #expect(log.contains { $0.hasSuffix("removing 1 leaves: compositional_skills/old/deleted") }, "\(log)")
            let model = try QAModel.load(from: incremental)
            #expect(model.leaves == SyntheticTaxonomy.leaves.map(\.path).sorted())
            #expect(model == (try QAModel.load(from: scratch)))
        }
    }

    @Test func trainingOnAnIdenticalDatasetKeepsEveryLeafAndWritesTheSameBytes() async throws {
        try await withTemporaryDirectory { root in
            let today = try stageFolders(SyntheticTaxonomy.leaves, under: root.appendingPathComponent("today"))
            let first = root.appendingPathComponent("first")
            try train(inputs: today.inputs, snapshot: today.snapshot, base: nil, output: first)
            let second = root.appendingPathComponent("second")
            let log = try train(inputs: today.inputs, snapshot: today.snapshot, base: first, output: second)
            #expect(try files(second) == files(first))
            #expect(log.contains("read the data of 0 leaves; kept 6 unchanged from the base model"), "\(log)")
        }
    }

    @Test func aBaseModelEditedOnDiskIsRefused() async throws {
        try await withTemporaryDirectory { root in
            let base = try yesterday(under: root)
            let examples = base.appendingPathComponent(QAModel.examplesFileName)
            var text = try String(contentsOf: examples, encoding: .utf8)
            text = text.replacingOccurrences(of: "Paris is the capital of France.", with: "Lyon is the capital of France.")
            try text.write(to: examples, atomically: true, encoding: .utf8)
            let today = try stageFolders(SyntheticTaxonomy.leaves, under: root.appendingPathComponent("today"))
            #expect {
                try train(
                    inputs: today.inputs, snapshot: today.snapshot, base: base, output: root.appendingPathComponent("out"))
            } throws: { error in
                let text = String(describing: error)
                return text.contains("base model nightly-1") && text.contains(examples.path)
                    && text.contains("the file was changed or cut short")
            }
        }
    }

    @Test func aBaseModelOfFormatOneIsLoadedAndEveryLeafRetrained() async throws {
        try await withTemporaryDirectory { root in
            let base = try yesterday(under: root)
            // Format 1: no per-leaf data digests or figures, a total vocabulary.
            let configURL = base.appendingPathComponent(QAModel.configFileName)
            var config = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: configURL)) as? [String: Any])
            config["format_version"] = 1
            config["index"] = [
                "average_context_length": 1.0, "average_question_length": 1.0, "contexts": 1, "vocabulary": 10,
            ]
            config["leaves"] = (config["leaves"] as? [[String: Any]] ?? []).map {
                ["examples": $0["examples"] ?? 0, "leaf": $0["leaf"] ?? ""]
            }
            try JSONSerialization.data(withJSONObject: config).write(to: configURL)

            let today = try stageFolders(SyntheticTaxonomy.leaves, under: root.appendingPathComponent("today"))
            let scratch = root.appendingPathComponent("scratch")
            try train(inputs: today.inputs, snapshot: today.snapshot, base: nil, output: scratch)
            let incremental = root.appendingPathComponent("incremental")
            let log = try train(inputs: today.inputs, snapshot: today.snapshot, base: base, output: incremental)
            #expect(try files(incremental) == files(scratch))
            #expect(log.contains("read the data of 6 leaves; kept 0 unchanged from the base model"), "\(log)")
        }
    }

    @Test func theStageAndTheInMemoryModelWriteTheSameFiles() async throws {
        try await withTemporaryDirectory { root in
            let today = try stageFolders(SyntheticTaxonomy.leaves, under: root)
            let output = root.appendingPathComponent("model")
            try train(inputs: today.inputs, snapshot: today.snapshot, base: nil, output: output)
            let model = try QAModel(
                training: generator.generate(SyntheticTaxonomy.leaves),
                parameters: ModelParameters(k1: 1.4))
            #expect(try files(output) == Dictionary(uniqueKeysWithValues: model.files().map { ($0.path, $0.bytes) }))
        }
    }
}
