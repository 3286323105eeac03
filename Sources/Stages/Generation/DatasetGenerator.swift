/// `builtin/generate`'s core: deterministic data generation from seed examples, with no
/// teacher model.
///
/// Per seed question (a skill's seed example, or one of a knowledge context's questions):
/// - **Training** gets the seed question as written (variant 0) and up to `variants`
///   distinct variants made by ``QuestionRewriter``, all paired with the seed answer and
///   context.
/// - **Test** gets up to `test_variants` further variants whose SQuAD-normalised text
///   (``AnswerScoring/normalize(_:)``) differs from every training question of the leaf,
///   so evaluation measures answering paraphrases, never a question seen in training.
///
/// Each seed question draws from its own ``SplitMix64`` stream, seeded from the `seed`
/// param, the leaf path, and the question's position; training variants are drawn first,
/// then test variants. A leaf's data therefore depends only on that leaf and the options,
/// and editing one seed question leaves the others' variants unchanged. Draws are capped
/// (20 per wanted variant, plus 20), so a question too short to vary yields fewer variants
/// rather than looping; the recipe records the counts actually made.
public struct DatasetGenerator: Sendable {
    public var options: GenerationOptions
    private let rewriter = QuestionRewriter()

    public init(options: GenerationOptions = GenerationOptions()) {
        self.options = options
    }

    /// Data for every leaf, in leaf-path order.
    public func generate(_ leaves: [SeedLeaf]) throws(SeedError) -> GeneratedDataset {
        var seen: Set<String> = []
        for leaf in leaves where !seen.insert(leaf.path).inserted {
            throw .duplicateLeaf(leaf.path)
        }
        var datasets: [LeafDataset] = []
        for leaf in leaves.sorted(by: { $0.path < $1.path }) {
            datasets.append(try generate(leaf: leaf))
        }
        return GeneratedDataset(options: options, leaves: datasets)
    }

    /// Data for one leaf.
    public func generate(leaf: SeedLeaf) throws(SeedError) -> LeafDataset {
        try leaf.validate()
        let questions = Self.seedQuestions(of: leaf)
        var generators = questions.map { question in
            SplitMix64(
                seed: SplitMix64.derivedSeed([
                    options.seed, SplitMix64.stableHash(leaf.path), UInt64(question.seedIndex),
                    UInt64(question.questionIndex),
                ]))
        }
        var seenTexts: [Set<String>] = questions.map { [$0.question] }
        var nextVariant = Array(repeating: 1, count: questions.count)
        var train: [GeneratedExample] = []
        var normalizedTraining: Set<String> = []

        for (index, question) in questions.enumerated() {
            train.append(example(leaf, question, .train, variant: 0, text: question.question, transforms: []))
            normalizedTraining.insert(AnswerScoring.normalize(question.question))
            for (text, transforms) in draw(
                options.variantsPerQuestion, of: question.question, from: &generators[index],
                excluding: &seenTexts[index], accept: { _ in true })
            {
                train.append(example(leaf, question, .train, variant: nextVariant[index], text: text, transforms: transforms))
                nextVariant[index] += 1
                normalizedTraining.insert(AnswerScoring.normalize(text))
            }
        }

        var test: [GeneratedExample] = []
        for (index, question) in questions.enumerated() {
            for (text, transforms) in draw(
                options.testVariantsPerQuestion, of: question.question, from: &generators[index],
                excluding: &seenTexts[index], accept: { !normalizedTraining.contains(AnswerScoring.normalize($0)) })
            {
                test.append(example(leaf, question, .test, variant: nextVariant[index], text: text, transforms: transforms))
                nextVariant[index] += 1
            }
        }

        var passages: [String] = []
        if case .knowledge(_, let documents) = leaf.content {
            passages = documents.flatMap { DocumentPassages.split($0, maximumCharacters: options.passageCharacters) }
        }
        return LeafDataset(
            leaf: leaf.path, kind: leaf.kind, domain: leaf.domain, seedQuestions: questions.count,
            train: train, test: test, documentPassages: passages)
    }

    /// Up to `count` new variants of `question` that `accept` admits, recording each in `seen`.
    private func draw(
        _ count: Int, of question: String, from generator: inout SplitMix64, excluding seen: inout Set<String>,
        accept: (String) -> Bool
    ) -> [(String, [QuestionTransform])] {
        var found: [(String, [QuestionTransform])] = []
        var attempts = 0
        while found.count < count, attempts < 20 * count + 20 {
            attempts += 1
            guard let (text, transforms) = rewriter.variant(of: question, using: &generator),
                !seen.contains(text), accept(text)
            else { continue }
            seen.insert(text)
            found.append((text, transforms))
        }
        return found
    }

    private func example(
        _ leaf: SeedLeaf, _ question: SeedQuestion, _ split: GeneratedExample.Split, variant: Int, text: String,
        transforms: [QuestionTransform]
    ) -> GeneratedExample {
        GeneratedExample(
            id: GeneratedExample.makeID(
                leaf: leaf.path, seed: question.seedIndex, question: question.questionIndex, variant: variant),
            leaf: leaf.path, kind: leaf.kind, split: split, seedIndex: question.seedIndex,
            questionIndex: question.questionIndex, variantIndex: variant, transforms: transforms, question: text,
            context: question.context, answer: question.answer, domain: leaf.domain)
    }

    /// A seed question with where it came from.
    struct SeedQuestion {
        var seedIndex: Int
        var questionIndex: Int
        var question: String
        var answer: String
        var context: String?
    }

    static func seedQuestions(of leaf: SeedLeaf) -> [SeedQuestion] {
        func trimmed(_ text: String) -> String { String(Substring(text).trimmingWhitespace) }
        func trimmedContext(_ text: String?) -> String? {
            guard let text else { return nil }
            let context = trimmed(text)
            return context.isEmpty ? nil : context
        }
        switch leaf.content {
        case .skill(let examples):
            return examples.enumerated().map { index, seed in
                SeedQuestion(
                    seedIndex: index, questionIndex: 0, question: trimmed(seed.question), answer: trimmed(seed.answer),
                    context: trimmedContext(seed.context))
            }
        case .knowledge(let examples, _):
            return examples.enumerated().flatMap { index, seed in
                seed.questionsAndAnswers.enumerated().map { questionIndex, pair in
                    SeedQuestion(
                        seedIndex: index, questionIndex: questionIndex, question: trimmed(pair.question),
                        answer: trimmed(pair.answer), context: trimmedContext(seed.context))
                }
            }
        }
    }
}
