import Foundation
import Platform
import Stages
import TestSupport
import Testing

@Suite struct BM25RankingTests {
    static let corpus = [
        ModelExample(id: "1", leaf: "support", question: "How do I reset my password?", answer: "Use the reset link."),
        ModelExample(id: "2", leaf: "support", question: "How do I change my email address?", answer: "Open account settings."),
        ModelExample(id: "3", leaf: "support", question: "What payment methods are accepted?", answer: "Cards and PayPal."),
        ModelExample(id: "4", leaf: "support", question: "Where is my parcel?", answer: "Check the tracking page."),
        ModelExample(id: "5", leaf: "zoo", question: "Bird", answer: "short"),
        ModelExample(id: "6", leaf: "zoo", question: "Bird seen near the old harbour wall at dawn", answer: "long"),
    ]

    static func index() throws -> QAIndex {
        var model = QAModel()
        for (leaf, examples) in Dictionary(grouping: corpus, by: \.leaf) {
            try model.setExamples(examples, forLeaf: leaf)
        }
        return model.index()
    }

    @Test(arguments: [
        ("I forgot my password, how can I reset it?", "1"),
        ("changing the e-mail address on my account", "2"),
        ("Which payment options do you accept?", "3"),
        ("where's the parcel I ordered", "4"),
        ("bird", "5"),
    ])
    func bestMatch(query: String, expectedID: String) throws {
        #expect(try Self.index().answer(question: query)?.exampleID == expectedID)
    }

    @Test func nothingMatchesGivesNoAnswer() throws {
        #expect(try Self.index().answer(question: "quantum chromodynamics") == nil)
        #expect(QAModel().index().answer(question: "password") == nil)
    }

    @Test func rareTermsOutweighCommonOnes() throws {
        // "how" is in two questions, "password" in one: the rare term decides.
        let ranked = try Self.index().rank(question: "how password", limit: 3)
        #expect(ranked.map(\.exampleID) == ["1", "2"])
        #expect(ranked[0].score > ranked[1].score)
    }

    @Test func shorterDocumentsWinOnEqualMatches() throws {
        let ranked = try Self.index().rank(question: "bird", limit: 2)
        #expect(ranked.map(\.exampleID) == ["5", "6"])
    }

    @Test func theContextPicksAmongEqualQuestions() throws {
        let dataset = try DatasetGenerator().generate([SyntheticTaxonomy.orders])
        let index = try QAModel(training: dataset).index()
        let answer = index.answer(
            question: "What's the order number?",
            context: "Good morning, I want to return order C-3307, the wool scarf is the wrong colour.")
        #expect(answer?.text == "C-3307")
        #expect(answer?.leaf == "compositional_skills/extraction/order_details")
    }
}

@Suite struct QAModelTests {
    let generator = DatasetGenerator(options: GenerationOptions(variantsPerQuestion: 3, seed: 7))

    @Test func incrementalUpdatesEqualTrainingFromScratch() async throws {
        let final = try generator.generate(SyntheticTaxonomy.leaves)
        let scratch = try QAModel(training: final)

        // Yesterday: an older birds leaf, no moon/git/orders, and a leaf since deleted.
        var oldBirds = SyntheticTaxonomy.birds
        oldBirds.content = .knowledge(
            examples: [
                KnowledgeSeed(
                    context: "Swifts can stay airborne for ten months.",
                    questionsAndAnswers: [QuestionAnswer(question: "How long can swifts fly?", answer: "Ten months.")])
            ], documents: [])
        let deleted = SeedLeaf.skill(
            path: "compositional_skills/old/deleted", examples: [SkillSeed(question: "Old?", answer: "Gone.")])
        let yesterday = try QAModel(
            training: try generator.generate([SyntheticTaxonomy.capitals, SyntheticTaxonomy.units, oldBirds, deleted]))

        try await withTemporaryDirectory { directory in
            let previous = directory.appendingPathComponent("previous")
            try yesterday.write(to: previous)
            var model = try QAModel.load(from: previous)
            let changed = try generator.generate([
                SyntheticTaxonomy.birds, SyntheticTaxonomy.moon, SyntheticTaxonomy.git, SyntheticTaxonomy.orders,
            ])
            try model.update(with: changed, removedLeaves: ["compositional_skills/old/deleted"])

            #expect(model == scratch)
            #expect(model.files().map(\.bytes) == scratch.files().map(\.bytes))
            let written = directory.appendingPathComponent("today")
            try model.write(to: written)
            for (path, bytes) in scratch.files() {
                #expect(Array(try Data(contentsOf: written.appendingPathComponent(path))) == bytes, "\(path)")
            }
        }
    }

    @Test func addReplaceRemoveOneLeafAtATime() throws {
        let dataset = try generator.generate(SyntheticTaxonomy.leaves)
        var model = QAModel()
        for leaf in dataset.leaves.reversed() {
            try model.setExamples(leaf.train.map(ModelExample.init), forLeaf: leaf.leaf)
        }
        var inOrder = QAModel()
        for leaf in dataset.leaves {
            try inOrder.setExamples(leaf.train.map(ModelExample.init), forLeaf: leaf.leaf)
        }
        #expect(model.files().map(\.bytes) == inOrder.files().map(\.bytes))
        model.removeLeaf("knowledge/technology/git")
        try model.setExamples([], forLeaf: "knowledge/history/moon_landing")
        #expect(model.leaves == [
            "compositional_skills/extraction/order_details", "compositional_skills/geography/capitals",
            "compositional_skills/math/unit_conversion", "knowledge/science/birds",
        ])
        #expect(model.exampleCount == dataset.leaves.filter { model.leaves.contains($0.leaf) }.reduce(0) { $0 + $1.train.count })
    }

    @Test func examplesMustBelongToTheirLeaf() {
        var model = QAModel()
        let example = ModelExample(id: "a", leaf: "one", question: "Q?", answer: "A")
        #expect(throws: ModelError.leafMismatch(leaf: "two", exampleID: "a", exampleLeaf: "one")) {
            try model.setExamples([example], forLeaf: "two")
        }
        #expect(throws: ModelError.duplicateExampleID(leaf: "one", id: "a")) {
            try model.setExamples([example, example], forLeaf: "one")
        }
    }

    @Test func saveAndLoadRoundTrip() async throws {
        let model = try QAModel(
            training: try generator.generate(SyntheticTaxonomy.leaves),
            parameters: ModelParameters(k1: 1.5, b: 0.6, contextWeight: 0.25))
        try await withTemporaryDirectory { directory in
            try model.write(to: directory)
            let loaded = try QAModel.load(from: directory)
            #expect(loaded == model)
            #expect(loaded.parameters == ModelParameters(k1: 1.5, b: 0.6, contextWeight: 0.25))
            let config = try String(contentsOf: directory.appendingPathComponent("config.json"), encoding: .utf8)
            #expect(config.contains("\"model\" : \"builtin/lexical-qa\""))
            #expect(config.contains("\"records\" : \(model.exampleCount)"))
            #expect(loaded.index().answer(question: "Who made Git?")?.text == "Linus Torvalds.")
        }
    }

    @Test func anEmptyModelRoundTrips() async throws {
        try await withTemporaryDirectory { directory in
            try QAModel().write(to: directory)
            #expect(try QAModel.load(from: directory) == QAModel())
        }
    }

    @Test func loadingRefusesBadFiles() async throws {
        let model = try QAModel(training: try generator.generate([SyntheticTaxonomy.capitals]))
        try await withTemporaryDirectory { directory in
            let missing = directory.appendingPathComponent("missing")
            #expect {
                try QAModel.load(from: missing)
            } throws: { error in
                guard case .unreadable(let path, let reason) = error as? ModelError else { return false }
                return path.hasSuffix("missing/config.json") && reason == "no such file"
            }

            let saved = directory.appendingPathComponent("model")
            try model.write(to: saved)
            let configURL = saved.appendingPathComponent("config.json")
            let examplesURL = saved.appendingPathComponent("examples.jsonl")
            let config = try String(contentsOf: configURL, encoding: .utf8)
            let examples = try Data(contentsOf: examplesURL)

            try config.replacingOccurrences(of: "\"format_version\" : 2", with: "\"format_version\" : 3")
                .write(to: configURL, atomically: true, encoding: .utf8)
            #expect(throws: ModelError.unsupportedFormatVersion(path: configURL.path, found: 3, supported: 2)) {
                try QAModel.load(from: saved)
            }

            try "{ not json".write(to: configURL, atomically: true, encoding: .utf8)
            #expect {
                try QAModel.load(from: saved)
            } throws: { error in
                guard case .malformedConfig(let path, _) = error as? ModelError else { return false }
                return path == configURL.path
            }

            try config.write(to: configURL, atomically: true, encoding: .utf8)
            try examples.dropLast(5).write(to: examplesURL)
            #expect {
                try QAModel.load(from: saved)
            } throws: { error in
                guard case .digestMismatch = error as? ModelError else { return false }
                return true
            }

            // A malformed line whose digest and count the config agrees with.
            var lines = String(decoding: examples, as: UTF8.self).split(separator: "\n").map(String.init)
            lines[2] = "{\"id\": \"broken\"}"
            let tampered = Array((lines.joined(separator: "\n") + "\n").utf8)
            try Data(tampered).write(to: examplesURL)
            let originalDigest = SHA256Digest.hex(Array(examples))
            try config.replacingOccurrences(of: originalDigest, with: SHA256Digest.hex(tampered))
                .write(to: configURL, atomically: true, encoding: .utf8)
            #expect {
                try QAModel.load(from: saved)
            } throws: { error in
                guard case .malformedExample(let path, let line, let reason) = error as? ModelError else { return false }
                return path == examplesURL.path && line == 3 && reason.hasSuffix("missing")
            }
        }
    }

    @Test func parametersComeFromStageParams() throws {
        #expect(try ModelParameters(params: ["k1": .number(0.9), "b": .integer(1)]) == ModelParameters(k1: 0.9, b: 1))
        #expect(throws: ParameterError.self) { try ModelParameters(params: ["b": .number(1.5)]) }
        #expect(throws: ParameterError.self) { try ModelParameters(params: ["k": .number(1)]) }
    }
}
