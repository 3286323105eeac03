import Testing

@testable import Stages

/// The pruned best-answer search (`QAIndex.answer`) against the exhaustive ranking
/// (`QAIndex.rank`), which scores every example any term of the question matches.
@Suite struct BestAnswerTests {
    /// Skills whose questions all share "what", "fact" and "topic", as a large generated
    /// taxonomy's do, with one distinctive term each; plus the synthetic taxonomy's
    /// knowledge and grounded leaves (contexts, so context bonuses).
    static func dataset(topics: Int = 60) throws -> GeneratedDataset {
        var leaves = SyntheticTaxonomy.leaves
        for topic in 0..<topics {
            leaves.append(
                .skill(
                    path: "compositional_skills/bench/topic_\(topic)",
                    examples: (0..<5).map { fact in
                        SkillSeed(
                            question: "What is fact \(fact) of topic t\(topic)x\(fact)?",
                            answer: "Fact \(fact) of topic t\(topic)x\(fact) is v\(topic)y\(fact).")
                    }))
        }
        return try DatasetGenerator(options: GenerationOptions(variantsPerQuestion: 4, testVariantsPerQuestion: 2))
            .generate(leaves)
    }

    @Test func prunedAnswersEqualTheExhaustiveRanking() throws {
        let dataset = try Self.dataset()
        let index = try QAModel(training: dataset).index()
        var queries = dataset.testExamples.map { ($0.question, $0.context) }
        queries += dataset.trainingExamples.map { ($0.question, $0.context) }
        // Without their contexts, common words alone, and nothing known.
        queries += dataset.testExamples.map { ($0.question, nil) }
        queries += [
            ("what", nil), ("what fact", nil), ("fact topic", "the Arctic tern"), ("What is the order number?", nil),
            ("quantum chromodynamics", nil), ("", nil), ("", "Hello, my order A-1041 for a blue kettle arrived broken."),
        ]
        for (question, context) in queries {
            let pruned = index.answer(question: question, context: context)
            let exhaustive = index.rank(question: question, context: context, limit: 2).first
            #expect(pruned == exhaustive, "\(question) | \(context ?? "no context")")
        }
    }

    @Test func aDistinctiveTermSparesScoringEveryCommonMatch() throws {
        let dataset = try Self.dataset()
        let index = try QAModel(training: dataset).index()
        // "what", "fact" and "topic" match every one of the 1,500 bench examples.
        let (answer, scored) = index.bestAnswer(question: "Which is fact 3 of topic t17x3?", context: nil)
        #expect(answer?.leaf == "compositional_skills/bench/topic_17")
        #expect(answer?.text == "Fact 3 of topic t17x3 is v17y3.")
        #expect(scored <= 10)
    }
}
