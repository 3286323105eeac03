import Foundation
import StageProtocol
import Stages
import Testing

/// `result.json` and `outcomes.jsonl`, written field by field, are the bytes the value-tree
/// encoding wrote (a `JSONValue` per record, its keys sorted by `JSONWriter`), for
/// answers present and absent, removed leaves with and without measures, and text that
/// needs escaping.
@Suite struct EvaluationFilesSamenessTests {
    static func report() throws -> EvaluationReport {
        let options = GenerationOptions(variantsPerQuestion: 4, testVariantsPerQuestion: 1, seed: 42)
        let dataset = try DatasetGenerator(options: options).generate(SyntheticTaxonomy.leaves)
        var smaller = try QAModel(training: dataset)
        smaller.removeLeaf("knowledge/technology/git")
        var questions = dataset.testExamples
        questions[0].question = "Quoted \"text\", a back\\slash,\na newline, a\ttab, \u{1}, ünïcödé — 東京?"
        let removed = [
            StageContext.RemovedLeaf(path: "knowledge/gone|\"quoted\"", lastMetrics: ["f1": 0.875, "exact_match": 0.5, "questions": 4]),
            StageContext.RemovedLeaf(path: "a/removed", lastMetrics: [:]),
        ]
        return Evaluator().evaluate(model: smaller, base: QAModel(), questions: questions, removed: removed)
    }

    @Test func filesAreTheValueTreeEncodingsBytes() throws {
        let report = try Self.report()
        #expect(report.outcomes.contains { $0.basePrediction == nil })
        let files = Dictionary(uniqueKeysWithValues: report.files().map { ($0.path, $0.bytes) })
        #expect(files["result.json"] == Self.resultJSON(report))
        #expect(files["outcomes.jsonl"] == Self.outcomesJSONL(report))
        #expect(files["report.md"] == Array(report.markdown.utf8))
    }

    /// `result.json` as a value tree, pretty, ending in a newline.
    static func resultJSON(_ report: EvaluationReport) -> [UInt8] {
        var result: [String: JSONValue] = ["metrics": .object(report.metrics.mapValues(JSONValue.number))]
        if !report.removed.isEmpty {
            result["removed_capabilities"] = .array(
                report.removed.map { leaf in
                    .object(["last": .object(leaf.lastMetrics.mapValues(JSONValue.number)), "path": .string(leaf.path)])
                })
        }
        return JSONWriter.document(JSONValue.object(result))
    }

    /// `outcomes.jsonl` as one value tree a line.
    static func outcomesJSONL(_ report: EvaluationReport) -> [UInt8] {
        var bytes: [UInt8] = []
        for outcome in report.outcomes {
            let record: [String: JSONValue] = [
                "base_exact_match": .number(outcome.baseExactMatch), "base_f1": .number(outcome.baseF1),
                "base_prediction": outcome.basePrediction.map(JSONValue.string) ?? .null,
                "exact_match": .number(outcome.exactMatch), "f1": .number(outcome.f1), "id": .string(outcome.id),
                "leaf": .string(outcome.leaf), "prediction": outcome.prediction.map(JSONValue.string) ?? .null,
                "question": .string(outcome.question), "reference": .string(outcome.reference),
            ]
            bytes += JSONWriter.compact(.object(record)) + [UInt8(ascii: "\n")]
        }
        return bytes
    }
}
