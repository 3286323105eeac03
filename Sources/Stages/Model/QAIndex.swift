import Foundation

/// An inverted BM25 index over a model's examples, with two fields:
///
/// - the **question** field: each example's question terms;
/// - the **context** field: each distinct context text once (knowledge contexts and
///   grounded-skill contexts), shared by the examples that carry it.
///
/// A query's question terms are scored against the question field; its question and
/// context terms together against the context field. An example's score is
/// `question score + context_weight × its context's score`; the answer is the answer of the
/// highest-scoring example, ties going to the earlier example in canonical order. A query
/// no term of which is in the index has no answer. Each distinct query term counts once.
/// Terms come from ``Tokenizer``; the formula is in ``ModelParameters``.
///
/// Ranking walks only the posting lists of the query's terms, never every example; the
/// single best answer scores fewer still (MaxScore pruning, `QAIndex+BestAnswer.swift`).
public struct QAIndex: Sendable {
    /// One answer and where it came from.
    public struct Answer: Sendable, Hashable {
        public var text: String
        public var exampleID: String
        public var leaf: String
        public var score: Double
    }

    let examples: [ModelExample]
    let parameters: ModelParameters
    private let vocabulary: TermVocabulary
    let questionField: BM25Field
    let contextField: BM25Field
    /// The context (index into the context field) of each example, or -1.
    let contextOfExample: [Int32]
    let examplesOfContext: [[Int32]]

    init(examples: [ModelExample], parameters: ModelParameters) {
        self.examples = examples
        self.parameters = parameters
        let tokenizer = Tokenizer()
        var table = TermVocabulary()
        func termIDs(_ text: String) -> [Int32] {
            var ids: [Int32] = []
            tokenizer.forEachTermUTF8(in: text) { ids.append(table.intern($0)) }
            return ids
        }
        let questions = examples.map { termIDs($0.question) }
        var contextIDs: [String: Int32] = [:]
        var contexts: [[Int32]] = []
        var examplesOfContext: [[Int32]] = []
        var contextOfExample: [Int32] = []
        for (position, example) in examples.enumerated() {
            guard let context = example.context else {
                contextOfExample.append(-1)
                continue
            }
            let id: Int32
            if let known = contextIDs[context] {
                id = known
            } else {
                id = Int32(contexts.count)
                contextIDs[context] = id
                contexts.append(termIDs(context))
                examplesOfContext.append([])
            }
            contextOfExample.append(id)
            examplesOfContext[Int(id)].append(Int32(position))
        }
        self.vocabulary = table
        self.questionField = BM25Field(
            documents: questions, vocabularySize: table.count, k1: parameters.k1, b: parameters.b,
            keepsDocumentTerms: true)
        self.contextField = BM25Field(
            documents: contexts, vocabularySize: table.count, k1: parameters.k1, b: parameters.b)
        self.contextOfExample = contextOfExample
        self.examplesOfContext = examplesOfContext
    }

    /// The best `limit` matches, best first: every example any term matches is scored.
    public func rank(question: String, context: String? = nil, limit: Int) -> [Answer] {
        rank(QuestionTerms(question: question, context: context), limit: limit)
    }

    /// ``rank(question:context:limit:)`` of a question already read into terms.
    func rank(_ question: QuestionTerms, limit: Int) -> [Answer] {
        guard limit > 0, !examples.isEmpty else { return [] }
        let query = Query(index: self, question)
        var scores = [Double](repeating: 0, count: examples.count)
        var touched: [Int32] = []
        questionField.accumulate(query.questionTerms, into: &scores, touched: &touched)
        for (context, bonus) in query.contextBonuses {
            for example in examplesOfContext[Int(context)] {
                if scores[Int(example)] == 0 { touched.append(example) }
                scores[Int(example)] += bonus
            }
        }
        let isBetter = { (left: Int32, right: Int32) -> Bool in
            Self.isBetter(left, scores[Int(left)], than: right, scores[Int(right)])
        }
        // One answer: a linear pass, not a sort.
        let ranked = limit == 1 ? touched.min(by: isBetter).map { [$0] } ?? [] : touched.sorted(by: isBetter)
        return ranked.prefix(limit).map { answer(example: $0, score: scores[Int($0)]) }
    }

    /// Higher scores first; equal scores go to the earlier example in canonical order.
    static func isBetter(_ left: Int32, _ leftScore: Double, than right: Int32, _ rightScore: Double) -> Bool {
        leftScore != rightScore ? leftScore > rightScore : left < right
    }

    func answer(example position: Int32, score: Double) -> Answer {
        let example = examples[Int(position)]
        return Answer(text: example.answer, exampleID: example.id, leaf: example.leaf, score: score)
    }

    /// A question's known terms, and the bonus each context it matches gives its examples.
    struct Query {
        /// Distinct, in the order of the question.
        let questionTerms: [Int32]
        /// Context id → `context_weight ×` its score, in the order first matched.
        let contextBonuses: [(context: Int32, bonus: Double)]

        init(index: QAIndex, _ question: QuestionTerms) {
            questionTerms = index.knownUniqueTerms(question.question)
            guard index.parameters.contextWeight > 0, !index.examplesOfContext.isEmpty else {
                contextBonuses = []
                return
            }
            let contextTerms = index.knownUniqueTerms(question.question, then: question.context)
            var contextScores = [Double](repeating: 0, count: index.examplesOfContext.count)
            var touchedContexts: [Int32] = []
            index.contextField.accumulate(contextTerms, into: &contextScores, touched: &touchedContexts)
            contextBonuses = touchedContexts.map { ($0, index.parameters.contextWeight * contextScores[Int($0)]) }
        }
    }

    /// The ids of the terms in the index, each once, in order: those of `terms`, then
    /// those of `more`.
    private func knownUniqueTerms(_ terms: [String], then more: [String] = []) -> [Int32] {
        // A question's few terms are checked against those kept so far; a long context's
        // against a set.
        let isLong = terms.count + more.count > 32
        var seen: Set<Int32> = []
        var ids: [Int32] = []
        for term in [terms, more].joined() {
            guard let id = vocabulary.id(of: term) else { continue }
            if isLong ? seen.insert(id).inserted : !ids.contains(id) { ids.append(id) }
        }
        return ids
    }

    /// Figures for `config.json`.
    var statistics: Statistics {
        Statistics(
            vocabulary: vocabulary.count, contexts: examplesOfContext.count,
            averageQuestionLength: questionField.averageLength, averageContextLength: contextField.averageLength)
    }

    struct Statistics {
        var vocabulary: Int
        var contexts: Int
        var averageQuestionLength: Double
        var averageContextLength: Double
    }
}
