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
/// Answering walks only the posting lists of the query's terms, never every example.
public struct QAIndex: Sendable {
    /// One answer and where it came from.
    public struct Answer: Sendable, Hashable {
        public var text: String
        public var exampleID: String
        public var leaf: String
        public var score: Double
    }

    private struct Posting: Sendable {
        var document: Int32
        var frequency: Int32
    }

    /// One BM25 field: posting lists by term id, precomputed IDFs, and each document's
    /// length term `k1·(1 − b + b·len/avglen)`, so scoring a posting is one division.
    private struct Field: Sendable {
        var postings: [[Posting]]
        var averageLength: Double
        var idf: [Double]
        var lengthTerms: [Double]
        var k1: Double

        init(documents: [[Int32]], vocabularySize: Int, k1: Double, b: Double) {
            var postings = Array(repeating: [Posting](), count: vocabularySize)
            for (document, terms) in documents.enumerated() {
                var counts: [Int32: Int32] = [:]
                var order: [Int32] = []
                for term in terms {
                    if counts[term] == nil { order.append(term) }
                    counts[term, default: 0] += 1
                }
                for term in order {
                    postings[Int(term)].append(Posting(document: Int32(document), frequency: counts[term] ?? 0))
                }
            }
            self.postings = postings
            self.k1 = k1
            let total = documents.reduce(0) { $0 + $1.count }
            let averageLength = documents.isEmpty ? 0 : Double(total) / Double(documents.count)
            self.averageLength = averageLength
            lengthTerms = documents.map { terms in
                k1 * (1 - b + b * (averageLength > 0 ? Double(terms.count) / averageLength : 0))
            }
            let count = Double(documents.count)
            idf = postings.map { list in
                let frequency = Double(list.count)
                return log(1 + (count - frequency + 0.5) / (frequency + 0.5))
            }
        }

        /// Adds each matching document's BM25 score for `terms` into `scores`, recording
        /// documents touched for the first time.
        func accumulate(_ terms: [Int32], into scores: inout [Double], touched: inout [Int32]) {
            for term in terms {
                let weight = idf[Int(term)] * (k1 + 1)
                for posting in postings[Int(term)] {
                    let document = Int(posting.document)
                    let frequency = Double(posting.frequency)
                    if scores[document] == 0 { touched.append(posting.document) }
                    scores[document] += weight * frequency / (frequency + lengthTerms[document])
                }
            }
        }
    }

    private let examples: [ModelExample]
    private let parameters: ModelParameters
    private let tokenizer = Tokenizer()
    private let vocabulary: [String: Int32]
    private let questionField: Field
    private let contextField: Field
    /// The context (index into the context field) of each example, or -1.
    private let contextOfExample: [Int32]
    private let examplesOfContext: [[Int32]]

    init(examples: [ModelExample], parameters: ModelParameters) {
        self.examples = examples
        self.parameters = parameters
        let tokenizer = Tokenizer()
        var table: [String: Int32] = [:]
        func termIDs(_ text: String) -> [Int32] {
            tokenizer.terms(text).map { term in
                if let id = table[term] { return id }
                let id = Int32(table.count)
                table[term] = id
                return id
            }
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
        self.questionField = Field(documents: questions, vocabularySize: table.count, k1: parameters.k1, b: parameters.b)
        self.contextField = Field(documents: contexts, vocabularySize: table.count, k1: parameters.k1, b: parameters.b)
        self.contextOfExample = contextOfExample
        self.examplesOfContext = examplesOfContext
    }

    /// The answer to `question` (with the user's `context`, if any), or `nil` when nothing
    /// in the index matches.
    public func answer(question: String, context: String? = nil) -> Answer? {
        rank(question: question, context: context, limit: 1).first
    }

    /// The best `limit` matches, best first.
    public func rank(question: String, context: String? = nil, limit: Int) -> [Answer] {
        guard limit > 0, !examples.isEmpty else { return [] }
        let questionTerms = knownUniqueTerms(question)
        let contextTerms = knownUniqueTerms(question + "\n" + (context ?? ""))
        var scores = [Double](repeating: 0, count: examples.count)
        var touched: [Int32] = []
        questionField.accumulate(questionTerms, into: &scores, touched: &touched)

        if parameters.contextWeight > 0, !examplesOfContext.isEmpty {
            var contextScores = [Double](repeating: 0, count: examplesOfContext.count)
            var touchedContexts: [Int32] = []
            contextField.accumulate(contextTerms, into: &contextScores, touched: &touchedContexts)
            for context in touchedContexts {
                let bonus = parameters.contextWeight * contextScores[Int(context)]
                for example in examplesOfContext[Int(context)] {
                    if scores[Int(example)] == 0 { touched.append(example) }
                    scores[Int(example)] += bonus
                }
            }
        }

        let isBetter = { (left: Int32, right: Int32) -> Bool in
            let leftScore = scores[Int(left)]
            let rightScore = scores[Int(right)]
            return leftScore != rightScore ? leftScore > rightScore : left < right
        }
        // One answer is the common case: a linear pass, not a sort.
        let ranked = limit == 1 ? touched.min(by: isBetter).map { [$0] } ?? [] : touched.sorted(by: isBetter)
        return ranked.prefix(limit).map { position in
            let example = examples[Int(position)]
            return Answer(text: example.answer, exampleID: example.id, leaf: example.leaf, score: scores[Int(position)])
        }
    }

    private func knownUniqueTerms(_ text: String) -> [Int32] {
        var seen: Set<Int32> = []
        return tokenizer.terms(text).compactMap { vocabulary[$0] }.filter { seen.insert($0).inserted }
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
