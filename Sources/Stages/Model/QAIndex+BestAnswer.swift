/// The single best answer without scoring every example a common term matches.
///
/// A question such as "What is fact 3 of topic t17?" shares "what", "fact" and "topic" with
/// every example of a large taxonomy, so scoring every matching example makes answering
/// all held-out questions quadratic in the taxonomy. This search (MaxScore, Turtle and
/// Flood 1995) takes the question's terms by decreasing upper bound (a term's largest
/// contribution to any example) and scores, in full, only the examples the terms taken so
/// far match. Once the best of those outscores everything left untaken could add up to
/// (the untaken terms' bounds plus the largest context bonus), no other example can win,
/// and that best is the answer.
///
/// The answer is exactly ``QAIndex/rank(question:context:limit:)``'s first: each example
/// is scored by adding the same contributions in the same order, ties go to the earlier
/// example, the proof keeps a margin above floating-point rounding, and a question the
/// bounds cannot settle cheaply is scored exhaustively.
extension QAIndex {
    /// The answer to `question` (with the user's `context`, if any), or `nil` when nothing
    /// in the index matches.
    public func answer(question: String, context: String? = nil) -> Answer? {
        answer(QuestionTerms(question: question, context: context))
    }

    /// The answer to a question already read into terms: one reading serves every index
    /// that is asked it.
    public func answer(_ question: QuestionTerms) -> Answer? {
        bestAnswer(question).answer
    }

    /// The best answer, and how many examples were scored in full to find it (the pruned
    /// search's work; tests read it).
    func bestAnswer(question: String, context: String?) -> (answer: Answer?, scored: Int) {
        bestAnswer(QuestionTerms(question: question, context: context))
    }

    private func bestAnswer(_ question: QuestionTerms) -> (answer: Answer?, scored: Int) {
        guard !examples.isEmpty else { return (nil, 0) }
        let query = Query(index: self, question)
        let terms = query.questionTerms
        let bonusOfContext = Dictionary(query.contextBonuses.map { ($0.context, $0.bonus) }, uniquingKeysWith: { first, _ in first })
        let largestBonus = query.contextBonuses.map(\.bonus).max() ?? 0
        let bounds = terms.map { questionField.upperBounds[Int($0)] }
        let order = terms.indices.sorted { bounds[$0] != bounds[$1] ? bounds[$0] > bounds[$1] : $0 < $1 }
        // What the untaken terms can add at most, after taking the first k of `order`.
        var untaken = [Double](repeating: 0, count: terms.count + 1)
        for position in order.indices.reversed() { untaken[position] = untaken[position + 1] + bounds[order[position]] }
        // Scoring an example in full costs a lookup per term (in its own terms, or a
        // binary search of a list); past this budget the exhaustive walk of the posting
        // lists is cheaper.
        let postings = terms.reduce(0) { $0 + questionField.documentFrequency(of: $1) }
        let budget = postings / max(2 * terms.count, 1)

        var scored: Set<Int32> = []
        var best: (example: Int32, score: Double)?
        for (taken, position) in order.enumerated() {
            let list = questionField.postings(of: terms[position])
            guard scored.count + list.count <= budget else { break }
            for posting in list where scored.insert(posting.document).inserted {
                let score = fullScore(of: posting.document, terms: terms, bonusOfContext: bonusOfContext)
                if best.map({ Self.isBetter(posting.document, score, than: $0.example, $0.score) }) ?? true {
                    best = (posting.document, score)
                }
            }
            let ceiling = untaken[taken + 1] + largestBonus
            if let best, best.score > ceiling * (1 + 1e-9) {
                return (answer(example: best.example, score: best.score), scored.count)
            }
        }
        return (rank(question, limit: 1).first, examples.count)
    }

    /// `example`'s score, added up as ``rank(question:context:limit:)`` adds it: its
    /// question terms' contributions in query order, then its context's bonus.
    private func fullScore(of example: Int32, terms: [Int32], bonusOfContext: [Int32: Double]) -> Double {
        var score = 0.0
        for term in terms {
            if let posting = questionField.posting(of: term, in: example) {
                score += questionField.contribution(of: term, posting)
            }
        }
        let context = contextOfExample[Int(example)]
        if context >= 0, let bonus = bonusOfContext[context] { score += bonus }
        return score
    }
}
