import StageProtocol

/// `builtin/evaluate`'s core: answers held-out questions with the trained model and with
/// its base, and scores both with ``AnswerScoring``.
public struct Evaluator: Sendable {
    public init() {}

    /// Scores `model` and `base` on `questions`. A `nil` or empty base answers nothing, so
    /// its scores are 0 and every question the model gets partly right is an improvement.
    /// `removed` are the leaves taken out of the taxonomy since the previous build, listed
    /// as removed capabilities with their last scores.
    public func evaluate(
        model: QAModel, base: QAModel?, questions: [GeneratedExample], removed: [StageContext.RemovedLeaf] = []
    ) -> EvaluationReport {
        // The two indexes are built, and the questions answered, on every core.
        let indexes = ParallelMap.map([model] + (base.map { [$0] } ?? [])) { $0.index() }
        return evaluate(
            trained: indexes[0], modelExamples: model.exampleCount, base: indexes.count > 1 ? indexes[1] : nil,
            baseExamples: base?.exampleCount ?? 0, questions: questions, removed: removed)
    }

    /// Scores the models whose indexes are `trained` and `base` (built beforehand) on
    /// `questions`, as ``evaluate(model:base:questions:removed:)`` does; `modelExamples`
    /// and `baseExamples` are how many examples each model holds.
    public func evaluate(
        trained: QAIndex, modelExamples: Int, base: QAIndex?, baseExamples: Int, questions: [GeneratedExample],
        removed: [StageContext.RemovedLeaf] = []
    ) -> EvaluationReport {
        let outcomes = ParallelMap.chunkedMap(questions) { chunk in
            chunk.map { question in
                let terms = QuestionTerms(question: question.question, context: question.context)
                let prediction = trained.answer(terms)
                let basePrediction = base?.answer(terms)
                return EvaluationReport.QuestionOutcome(
                    id: question.id, leaf: question.leaf, question: question.question, reference: question.answer,
                    prediction: prediction?.text, basePrediction: basePrediction?.text)
            }
        }
        var report = EvaluationReport(outcomes: outcomes, modelExamples: modelExamples, baseExamples: baseExamples)
        report.removed = removed.sorted { $0.path < $1.path }
        return report
    }
}

/// The result of one evaluation: per-question outcomes and their aggregates.
///
/// Aggregates are means over questions (micro-averaged), overall and per leaf; with no
/// questions they are 0. ``metrics`` names them for `result.json`:
///
/// | name                         | meaning                                            |
/// |------------------------------|----------------------------------------------------|
/// | `questions`                  | held-out questions scored                          |
/// | `f1`, `exact_match`          | the trained model's mean token F1 and exact match  |
/// | `base_f1`, `base_exact_match`| the same for the base model (0 when absent/empty)  |
/// | `f1_delta`, `exact_match_delta` | trained minus base                              |
/// | `improved`, `regressed`      | questions whose F1 rose / fell against the base    |
/// | `improved_leaves`, `regressed_leaves` | leaves whose mean F1 rose / fell          |
/// | `leaf.<path>.questions`      | per leaf (`leaf.knowledge/science/birds.f1`)       |
/// | `leaf.<path>.f1`, `leaf.<path>.exact_match`, `leaf.<path>.base_f1`, `leaf.<path>.f1_delta` | |
/// | `removed_leaves`             | leaves removed since the previous build            |
/// | `removed.<path>.last_<measure>` | a removed leaf's measure in the last published version |
public struct EvaluationReport: Sendable, Hashable {
    /// One held-out question, answered by both models.
    public struct QuestionOutcome: Sendable, Hashable {
        public var id: String
        public var leaf: String
        public var question: String
        public var reference: String
        /// `nil` when the model had no answer.
        public var prediction: String?
        public var basePrediction: String?
        public var f1: Double
        public var exactMatch: Double
        public var baseF1: Double
        public var baseExactMatch: Double

        public init(
            id: String, leaf: String, question: String, reference: String, prediction: String?,
            basePrediction: String?
        ) {
            self.id = id
            self.leaf = leaf
            self.question = question
            self.reference = reference
            self.prediction = prediction
            self.basePrediction = basePrediction
            let expected = AnswerScoring.tokens(reference)
            let trained = AnswerScoring.scores(predicted: AnswerScoring.tokens(prediction ?? ""), expected: expected)
            let base =
                basePrediction == prediction
                ? trained : AnswerScoring.scores(predicted: AnswerScoring.tokens(basePrediction ?? ""), expected: expected)
            (exactMatch, f1) = trained
            (baseExactMatch, baseF1) = base
        }

        /// Trained F1 minus base F1.
        public var f1Delta: Double { f1 - baseF1 }
    }

    /// Mean scores of one model over a set of questions.
    public struct Scores: Sendable, Hashable {
        public var questions: Int
        public var f1: Double
        public var exactMatch: Double

        init(_ outcomes: [QuestionOutcome], base: Bool) {
            questions = outcomes.count
            let count = Double(max(outcomes.count, 1))
            f1 = outcomes.reduce(0) { $0 + (base ? $1.baseF1 : $1.f1) } / count
            exactMatch = outcomes.reduce(0) { $0 + (base ? $1.baseExactMatch : $1.exactMatch) } / count
        }
    }

    /// One leaf's scores for both models.
    public struct LeafScores: Sendable, Hashable {
        public var leaf: String
        public var trained: Scores
        public var base: Scores
        public var f1Delta: Double { trained.f1 - base.f1 }
    }

    /// In the order the questions were given.
    public var outcomes: [QuestionOutcome]
    public var trained: Scores
    public var base: Scores
    /// By leaf path.
    public var leaves: [LeafScores]
    /// How many examples each model held.
    public var modelExamples: Int
    public var baseExamples: Int
    /// Leaves removed from the taxonomy since the previous build (capabilities the
    /// model may lose), by path, with their last published measures.
    public var removed: [StageContext.RemovedLeaf] = []

    public init(outcomes: [QuestionOutcome], modelExamples: Int, baseExamples: Int) {
        self.outcomes = outcomes
        self.modelExamples = modelExamples
        self.baseExamples = baseExamples
        trained = Scores(outcomes, base: false)
        base = Scores(outcomes, base: true)
        leaves = Dictionary(grouping: outcomes, by: \.leaf).sorted { $0.key < $1.key }.map { leaf, outcomes in
            LeafScores(leaf: leaf, trained: Scores(outcomes, base: false), base: Scores(outcomes, base: true))
        }
        improvements = outcomes.filter { $0.f1Delta > 0 }.sorted { ($0.f1Delta, $1.id) > ($1.f1Delta, $0.id) }
        regressions = outcomes.filter { $0.f1Delta < 0 }.sorted { ($0.f1Delta, $0.id) < ($1.f1Delta, $1.id) }
    }

    /// Questions whose F1 rose against the base, largest rise first (ties by id).
    public let improvements: [QuestionOutcome]

    /// Questions whose F1 fell against the base, largest fall first (ties by id).
    public let regressions: [QuestionOutcome]

    /// Leaves whose mean F1 rose against the base, by path.
    public var improvedLeaves: [LeafScores] { leaves.filter { $0.f1Delta > 0 } }

    /// Leaves whose mean F1 fell against the base, by path.
    public var regressedLeaves: [LeafScores] { leaves.filter { $0.f1Delta < 0 } }

    /// The metrics for `result.json`, named as in the table above.
    public var metrics: [String: Double] {
        var metrics: [String: Double] = [
            "questions": Double(trained.questions),
            "f1": trained.f1, "exact_match": trained.exactMatch,
            "base_f1": base.f1, "base_exact_match": base.exactMatch,
            "f1_delta": trained.f1 - base.f1, "exact_match_delta": trained.exactMatch - base.exactMatch,
            "improved": Double(improvements.count), "regressed": Double(regressions.count),
            "improved_leaves": Double(improvedLeaves.count), "regressed_leaves": Double(regressedLeaves.count),
        ]
        for leaf in leaves {
            let prefix = "leaf.\(leaf.leaf)."
            metrics[prefix + "questions"] = Double(leaf.trained.questions)
            metrics[prefix + "f1"] = leaf.trained.f1
            metrics[prefix + "exact_match"] = leaf.trained.exactMatch
            metrics[prefix + "base_f1"] = leaf.base.f1
            metrics[prefix + "f1_delta"] = leaf.f1Delta
        }
        if !removed.isEmpty {
            metrics["removed_leaves"] = Double(removed.count)
            for leaf in removed {
                for (measure, value) in leaf.lastMetrics { metrics["removed.\(leaf.path).last_\(measure)"] = value }
            }
        }
        return metrics
    }
}
