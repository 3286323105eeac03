import Foundation
import Platform
import StageProtocol
import Stages
import TestSupport
import Testing

/// One digest over every generated file, its path included.
func datasetDigest(_ dataset: GeneratedDataset) -> String {
    var bytes: [UInt8] = []
    for (path, content) in dataset.files() {
        bytes += Array(path.utf8) + [0] + Array(SHA256Digest.hex(content).utf8) + [0]
    }
    return SHA256Digest.hex(bytes)
}

@Suite struct GenerationTests {
    let generator = DatasetGenerator(options: GenerationOptions(variantsPerQuestion: 4, testVariantsPerQuestion: 1, seed: 42))

    @Test func sameInputsAndSeedGiveIdenticalBytes() throws {
        let first = try generator.generate(SyntheticTaxonomy.leaves)
        let second = try generator.generate(SyntheticTaxonomy.leaves.reversed())
        let firstFiles = first.files()
        let secondFiles = second.files()
        #expect(firstFiles.map(\.path) == secondFiles.map(\.path))
        #expect(firstFiles.map(\.bytes) == secondFiles.map(\.bytes))
        #expect(datasetDigest(first) == datasetDigest(second))
        #expect(firstFiles.last?.path == "recipe.json")
    }

    @Test func differentSeedGivesDifferentData() throws {
        let other = DatasetGenerator(options: GenerationOptions(variantsPerQuestion: 4, testVariantsPerQuestion: 1, seed: 43))
        let first = try generator.generate(SyntheticTaxonomy.leaves)
        let second = try other.generate(SyntheticTaxonomy.leaves)
        #expect(datasetDigest(first) != datasetDigest(second))
        // The seed questions themselves are always in training, whatever the seed.
        let seedQuestions = { (dataset: GeneratedDataset) in dataset.trainingExamples.filter { $0.variantIndex == 0 }.map(\.question) }
        #expect(seedQuestions(first) == seedQuestions(second))
    }

    @Test func writtenFilesMatchTheInMemoryFiles() async throws {
        let dataset = try generator.generate(SyntheticTaxonomy.leaves)
        try await withTemporaryDirectory { directory in
            let recipe = try dataset.write(to: directory)
            for (path, bytes) in dataset.files() {
                let written = try Data(contentsOf: directory.appendingPathComponent(path))
                #expect(Array(written) == bytes, "\(path)")
            }
            #expect(recipe.leaves.count == 6)
            #expect(recipe.trainRecords == dataset.trainingExamples.count)
            #expect(recipe.testRecords == dataset.testExamples.count)
            #expect(recipe.documentRecords == 1)
        }
    }

    @Test func recordsHaveTheMessagesShape() throws {
        let dataset = try generator.generate(SyntheticTaxonomy.leaves)
        var ids: Set<String> = []
        for (path, bytes) in dataset.files() where path.hasSuffix("train.jsonl") || path.hasSuffix("test.jsonl") {
            let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
            #expect(!lines.isEmpty, "\(path)")
            for line in lines {
                #expect(line.hasPrefix("{\"id\":\""), "members in order: id first")
                let object = try #require(
                    try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(path): \(line)")
                #expect(Set(object.keys) == ["id", "messages", "metadata", "unmask"])
                let id = try #require(object["id"] as? String)
                #expect(ids.insert(id).inserted, "duplicate id \(id)")
                let messages = try #require(object["messages"] as? [[String: Any]])
                #expect(messages.map { $0["role"] as? String } == ["system", "user", "assistant"])
                #expect(messages.allSatisfy { ($0["content"] as? String).map { !$0.isEmpty } == true })
                let metadataText = try #require(object["metadata"] as? String, "metadata is a JSON string")
                let metadata = try #require(
                    try JSONSerialization.jsonObject(with: Data(metadataText.utf8)) as? [String: Any])
                #expect(metadata["leaf"] as? String == String(path.dropFirst("leaves/".count).split(separator: "/").dropLast().joined(separator: "/")))
                #expect(metadata["question"] is String)
                #expect((object["unmask"] as? NSNumber)?.boolValue == false)
                let user = try #require(messages[1]["content"] as? String)
                if let context = metadata["context"] as? String {
                    #expect(user == context + "\n\n" + (metadata["question"] as? String ?? ""))
                } else {
                    #expect(user == metadata["question"] as? String)
                }
            }
        }
        #expect(ids.count == dataset.trainingExamples.count + dataset.testExamples.count)
    }

    @Test func heldOutQuestionsNeverAppearInTraining() throws {
        let dataset = try generator.generate(SyntheticTaxonomy.leaves)
        let trainingTexts = Set(dataset.trainingExamples.map(\.question))
        for leaf in dataset.leaves {
            let normalizedTraining = Set(leaf.train.map { AnswerScoring.normalize($0.question) })
            #expect(!leaf.test.isEmpty, "\(leaf.leaf) has held-out questions")
            for example in leaf.test {
                #expect(!trainingTexts.contains(example.question), "\(example.id): \(example.question)")
                #expect(!normalizedTraining.contains(AnswerScoring.normalize(example.question)), "\(example.id)")
                #expect(!example.transforms.isEmpty)
            }
        }
    }

    @Test func eachSeedQuestionGetsItsVariants() throws {
        let dataset = try generator.generate(SyntheticTaxonomy.leaves)
        let birds = try #require(dataset.leaves.first { $0.leaf == "knowledge/science/birds" })
        #expect(birds.seedQuestions == 10)
        #expect(birds.kind == .knowledge)
        #expect(birds.documentPassages == ["Birds are warm-blooded vertebrates with feathers.\n\nMany species migrate with the seasons."])
        let grouped = Dictionary(grouping: birds.train) { "\($0.seedIndex).\($0.questionIndex)" }
        #expect(grouped.count == 10)
        for (key, examples) in grouped {
            #expect(examples.count == 5, "seed question \(key): the question and 4 variants")
            #expect(examples.first?.variantIndex == 0 && examples.first?.transforms == [])
            #expect(Set(examples.map(\.question)).count == examples.count)
            #expect(Set(examples.map(\.answer)).count == 1)
        }
        #expect(birds.test.count == 10)
    }

    @Test func aLeafDependsOnlyOnItselfAndTheOptions() throws {
        let all = try generator.generate(SyntheticTaxonomy.leaves)
        let alone = try generator.generate(leaf: SyntheticTaxonomy.git)
        #expect(all.leaves.first { $0.leaf == SyntheticTaxonomy.git.path } == alone)

        // Editing one seed question leaves the other questions' variants as they were.
        var edited = SyntheticTaxonomy.capitals
        if case .skill(var examples) = edited.content {
            examples[0].question = "Name the capital of France."
            edited.content = .skill(examples: examples)
        }
        let before = try generator.generate(leaf: SyntheticTaxonomy.capitals)
        let after = try generator.generate(leaf: edited)
        #expect(before.train.filter { $0.seedIndex > 0 } == after.train.filter { $0.seedIndex > 0 })
        #expect(before.train.filter { $0.seedIndex == 0 } != after.train.filter { $0.seedIndex == 0 })
    }

    @Test func zeroVariantsKeepsOnlyTheSeedQuestions() throws {
        let plain = DatasetGenerator(options: GenerationOptions(variantsPerQuestion: 0, testVariantsPerQuestion: 2))
        let leaf = try plain.generate(leaf: SyntheticTaxonomy.units)
        #expect(leaf.train.map(\.question) == [
            "How many centimeters are in a meter?", "How many grams make a kilogram?",
            "How many minutes are in an hour?", "How many feet are in a mile?", "How many ounces are in a pound?",
        ])
        #expect(leaf.test.count == 10)
    }

    @Test func datasetRoundTripsThroughItsFiles() async throws {
        let dataset = try generator.generate(SyntheticTaxonomy.leaves)
        try await withTemporaryDirectory { directory in
            try dataset.write(to: directory)
            let loaded = try GeneratedDataset.load(from: directory)
            #expect(loaded == dataset)
        }
    }

    /// Training reads no held-out questions and the evaluation no training examples: a
    /// split not asked for is not read, so a damaged file of it goes unnoticed there.
    @Test func onlyTheSplitsAskedForAreRead() async throws {
        let dataset = try generator.generate(SyntheticTaxonomy.leaves)
        try await withTemporaryDirectory { directory in
            try dataset.write(to: directory)
            let test = "leaves/compositional_skills/geography/capitals/test.jsonl"
            try Data("damaged\n".utf8).write(to: directory.appendingPathComponent(test))
            let training = try GeneratedDataset.load(from: directory, splits: [.train])
            #expect(training.trainingExamples == dataset.trainingExamples)
            #expect(training.testExamples.isEmpty)
            #expect(training.leaves.map(\.leaf) == dataset.leaves.map(\.leaf))
            #expect(throws: DatasetError.self) { try GeneratedDataset.load(from: directory, splits: [.test]) }
        }
    }

    @Test func aChangedFileIsRefused() async throws {
        let dataset = try generator.generate([SyntheticTaxonomy.capitals])
        try await withTemporaryDirectory { directory in
            try dataset.write(to: directory)
            let path = "leaves/compositional_skills/geography/capitals/test.jsonl"
            let file = directory.appendingPathComponent(path)
            var bytes = try Data(contentsOf: file)
            bytes.removeLast(10)
            try bytes.write(to: file)
            #expect {
                try GeneratedDataset.load(from: directory)
            } throws: { error in
                guard case .digestMismatch(let failedPath, _, _) = error as? DatasetError else { return false }
                return failedPath == path
            }
        }
    }

    @Test func anUnknownRecipeVersionIsRefused() async throws {
        let dataset = try generator.generate([SyntheticTaxonomy.capitals])
        try await withTemporaryDirectory { directory in
            try dataset.write(to: directory)
            let recipe = directory.appendingPathComponent("recipe.json")
            let text = try String(contentsOf: recipe, encoding: .utf8)
                .replacingOccurrences(of: "\"format_version\" : 1", with: "\"format_version\" : 7")
            try text.write(to: recipe, atomically: true, encoding: .utf8)
            #expect(throws: DatasetError.unsupportedFormatVersion(path: recipe.path, found: 7, supported: 1)) {
                try GeneratedDataset.load(from: directory)
            }
        }
    }

    @Test func aRecipeCannotPointOutsideItsDirectory() async throws {
        let dataset = try generator.generate([SyntheticTaxonomy.capitals])
        try await withTemporaryDirectory { directory in
            try dataset.write(to: directory)
            let recipe = directory.appendingPathComponent("recipe.json")
            let text = try String(contentsOf: recipe, encoding: .utf8)
                .replacingOccurrences(of: "compositional_skills/geography/capitals", with: "../../outside")
            try text.write(to: recipe, atomically: true, encoding: .utf8)
            #expect {
                try GeneratedDataset.load(from: directory)
            } throws: { error in
                guard case .malformedRecipe(let path, let reason) = error as? DatasetError else { return false }
                return path == recipe.path && reason.contains("invalid leaf path")
            }
        }
    }

    @Test func badSeedsAreTypedErrors() throws {
        #expect(throws: SeedError.duplicateLeaf(SyntheticTaxonomy.units.path)) {
            try generator.generate([SyntheticTaxonomy.units, SyntheticTaxonomy.capitals, SyntheticTaxonomy.units])
        }
        for path in ["", "/abs/leaf", "knowledge/../escape", "knowledge//birds", "a\\b"] {
            let leaf = SeedLeaf.skill(path: path, examples: [SkillSeed(question: "Q?", answer: "A")])
            #expect(throws: SeedError.self) { try generator.generate(leaf: leaf) }
        }
        let empty = SeedLeaf.knowledge(
            path: "knowledge/empty", domain: "d",
            examples: [KnowledgeSeed(context: "c", questionsAndAnswers: [QuestionAnswer(question: "Why?", answer: "  ")])])
        #expect(
            throws: SeedError.emptyText(leaf: "knowledge/empty", field: "seed_examples[0].questions_and_answers[0].answer")
        ) { try generator.generate(leaf: empty) }
    }

    @Test func optionsComeFromStageParams() throws {
        let options = try GenerationOptions(params: ["variants": .integer(7), "seed": .integer(9), "test_variants": .number(2)])
        #expect(options.variantsPerQuestion == 7)
        #expect(options.seed == 9)
        #expect(options.testVariantsPerQuestion == 2)
        #expect(try GenerationOptions(params: [:]) == GenerationOptions())
        #expect(throws: ParameterError.self) { try GenerationOptions(params: ["variants": .string("four")]) }
        #expect(throws: ParameterError.self) { try GenerationOptions(params: ["variants": .integer(-1)]) }
        #expect {
            try GenerationOptions(params: ["variantz": .integer(3)])
        } throws: { error in
            (error as? ParameterError)?.name == "variantz"
        }
    }
}
