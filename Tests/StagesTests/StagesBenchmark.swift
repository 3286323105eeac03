import Foundation
import Stages
import TestSupport
import Testing

/// Timings at the brief's scale (about 10,000 training examples, 2,000 held-out questions).
/// Off by default; run once in release with
/// `STAGES_BENCHMARK=1 swift test -c release --filter StagesBenchmark`.
/// It prints numbers and asserts nothing about time.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["STAGES_BENCHMARK"] != nil))
struct StagesBenchmark {
    /// 400 leaves, half skills and half knowledge, 5 seed questions each, made of
    /// pronounceable pseudo-words drawn from a seeded generator.
    static func largeTaxonomy() -> [SeedLeaf] {
        var generator = SplitMix64(seed: 2026)
        let syllables = ["ka", "lo", "mi", "ta", "ren", "vo", "shi", "pa", "dor", "el", "qu", "zan", "ri", "mo", "ba", "tek"]
        func word() -> String {
            (0..<(2 + generator.next(below: 2))).map { _ in syllables[generator.next(below: syllables.count)] }.joined()
        }
        func words(_ count: Int) -> String { (0..<count).map { _ in word() }.joined(separator: " ") }
        let starts = ["What is the", "Which", "How does the", "Who made the", "Where is the", "When was the"]
        func question() -> String {
            "\(starts[generator.next(below: starts.count)]) \(words(3 + generator.next(below: 4)))?"
        }
        var leaves: [SeedLeaf] = []
        for index in 0..<400 {
            if index.isMultiple(of: 2) {
                leaves.append(
                    .skill(
                        path: "compositional_skills/bench/leaf_\(index)",
                        examples: (0..<5).map { _ in SkillSeed(question: question(), answer: words(5)) }))
            } else {
                leaves.append(
                    .knowledge(
                        path: "knowledge/bench/leaf_\(index)", domain: "bench",
                        examples: (0..<2).map { seed in
                            KnowledgeSeed(
                                context: words(40),
                                questionsAndAnswers: (0..<(seed == 0 ? 3 : 2)).map { _ in
                                    QuestionAnswer(question: question(), answer: words(4))
                                })
                        }))
            }
        }
        return leaves
    }

    @Test func measure() async throws {
        let clock = ContinuousClock()
        let leaves = Self.largeTaxonomy()
        let generator = DatasetGenerator(options: GenerationOptions(variantsPerQuestion: 4, testVariantsPerQuestion: 1))
        var dataset: GeneratedDataset?
        let generation = try clock.measure { dataset = try generator.generate(leaves) }
        let data = try #require(dataset)
        var files: [(path: String, bytes: [UInt8])] = []
        let encoding = clock.measure { files = data.files() }

        var model = QAModel()
        let training = try clock.measure { model = try QAModel(training: data) }
        var index: QAIndex?
        let indexing = clock.measure { index = model.index() }
        let questions = data.testExamples
        var answered = 0
        let answering = clock.measure {
            for question in questions where index?.answer(question: question.question, context: question.context) != nil {
                answered += 1
            }
        }
        var report: EvaluationReport?
        let evaluation = clock.measure { report = Evaluator().evaluate(model: model, base: model, questions: questions) }

        try await withTemporaryDirectory { directory in
            let datasetDirectory = directory.appendingPathComponent("dataset")
            let modelDirectory = directory.appendingPathComponent("model")
            let writing = try clock.measure {
                try data.write(to: datasetDirectory)
                try model.write(to: modelDirectory)
            }
            var loaded: GeneratedDataset?
            let datasetLoad = try clock.measure { loaded = try GeneratedDataset.load(from: datasetDirectory) }
            var loadedModel: QAModel?
            let modelLoad = try clock.measure { loadedModel = try QAModel.load(from: modelDirectory) }
            #expect(loaded == data)
            #expect(loadedModel == model)
            print(
                """
                STAGES BENCHMARK
                  leaves \(leaves.count), training examples \(data.trainingExamples.count), \
                held-out questions \(questions.count), dataset bytes \(files.reduce(0) { $0 + $1.bytes.count })
                  generate (variants)          \(generation)
                  encode JSONL + recipe        \(encoding)
                  train (model from dataset)   \(training)
                  build BM25 index             \(indexing)
                  answer held-out questions    \(answering) (\(answered) answered)
                  evaluate trained vs base     \(evaluation) (F1 \(report?.trained.f1 ?? 0))
                  write dataset + model        \(writing)
                  load + verify dataset        \(datasetLoad)
                  load + verify model          \(modelLoad)
                """)
        }
    }
}
