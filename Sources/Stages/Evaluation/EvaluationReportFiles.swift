import Foundation
import StageProtocol

/// The evaluation on disk, in the stage's output directory:
///
/// - `result.json`: `{"metrics": {…}}` (the worker protocol's result), keys sorted;
/// - `report.md`: the readable report (``markdown``);
/// - `outcomes.jsonl`: one line a question, keys sorted: `base_exact_match`, `base_f1`,
///   `base_prediction`, `exact_match`, `f1`, `id`, `leaf`, `prediction`, `question`, `reference`.
extension EvaluationReport {
    /// At most this many improvements and regressions are listed in the Markdown report.
    public static let listedQuestions = 25

    /// Each file's name and bytes.
    public func files() -> [(path: String, bytes: [UInt8])] {
        files(metrics: metrics)
    }

    /// ``files()`` with `metrics`, ``metrics`` computed once by the caller (the stage
    /// prints some of them too).
    func files(metrics: [String: Double]) -> [(path: String, bytes: [UInt8])] {
        [("result.json", resultJSON(metrics: metrics)), ("report.md", Array(markdown.utf8)), ("outcomes.jsonl", outcomesJSONL())]
    }

    /// `result.json`, its keys given sorted as ``JSONWriter`` asks.
    private func resultJSON(metrics: [String: Double]) -> [UInt8] {
        var json = JSONWriter(pretty: true, capacity: 64 * metrics.count + 64)
        json.object { json in
            json.field("metrics", metrics)
            guard !removed.isEmpty else { return }
            json.key("removed_capabilities")
            json.array { json in
                for leaf in removed {
                    json.object { json in
                        json.field("last", leaf.lastMetrics)
                        json.field("path", leaf.path)
                    }
                }
            }
        }
        return json.bytes + [UInt8(ascii: "\n")]
    }

    /// `outcomes.jsonl`: each outcome written straight to one line, its keys given sorted.
    private func outcomesJSONL() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(outcomes.count * 384)
        for outcome in outcomes {
            var json = JSONWriter(capacity: 512)
            json.object { json in
                json.field("base_exact_match", outcome.baseExactMatch)
                json.field("base_f1", outcome.baseF1)
                json.key("base_prediction")
                Self.write(outcome.basePrediction, to: &json)
                json.field("exact_match", outcome.exactMatch)
                json.field("f1", outcome.f1)
                json.field("id", outcome.id)
                json.field("leaf", outcome.leaf)
                json.key("prediction")
                Self.write(outcome.prediction, to: &json)
                json.field("question", outcome.question)
                json.field("reference", outcome.reference)
            }
            output += json.bytes
            output.append(UInt8(ascii: "\n"))
        }
        return output
    }

    /// A string, or `null` when there is none.
    private static func write(_ text: String?, to json: inout JSONWriter) {
        if let text { json.value(text) } else { json.null() }
    }

    /// Writes ``files()`` into `directory`.
    public func write(to directory: URL) throws(EvaluationError) {
        try write(to: directory, metrics: metrics)
    }

    /// Writes ``files(metrics:)`` into `directory`.
    func write(to directory: URL, metrics: [String: Double]) throws(EvaluationError) {
        for (path, bytes) in files(metrics: metrics) {
            do {
                try FileBytes.write(bytes, to: directory.appendingPathComponent(path))
            } catch {
                throw .unwritable(path: error.path, reason: error.reason)
            }
        }
    }

    /// A readable report: the summary, a table per leaf, then the largest improvements and
    /// regressions with the expected and given answers.
    public var markdown: String {
        var lines: [String] = ["# Evaluation", ""]
        let baseDescription = baseExamples == 0 ? "an empty base" : "a base of \(baseExamples) examples"
        lines.append(
            "\(trained.questions) held-out questions over \(leaves.count) leaves; "
                + "a model of \(modelExamples) examples against \(baseDescription).")
        lines += [
            "", "| metric | trained | base | delta |", "|---|---:|---:|---:|",
            "| token F1 | \(Self.fixed(trained.f1)) | \(Self.fixed(base.f1)) | \(Self.signed(trained.f1 - base.f1)) |",
            "| exact match | \(Self.fixed(trained.exactMatch)) | \(Self.fixed(base.exactMatch)) | "
                + "\(Self.signed(trained.exactMatch - base.exactMatch)) |",
            "", "\(improvements.count) questions improved, \(regressions.count) regressed"
                + (removed.isEmpty ? "." : "; \(removed.count) leaves removed (see Removed capabilities)."),
            "Leaves improved: \(Self.leafList(improvedLeaves)). Leaves regressed: \(Self.leafList(regressedLeaves)).", "",
            "## Per leaf", "", "| leaf | questions | F1 | base F1 | delta | exact match |", "|---|---:|---:|---:|---:|---:|",
        ]
        for leaf in leaves {
            lines.append(
                "| \(Self.cell(leaf.leaf)) | \(leaf.trained.questions) | \(Self.fixed(leaf.trained.f1)) | "
                    + "\(Self.fixed(leaf.base.f1)) | \(Self.signed(leaf.f1Delta)) | \(Self.fixed(leaf.trained.exactMatch)) |")
        }
        if !removed.isEmpty {
            lines += [
                "", "## Removed capabilities (\(removed.count))", "",
                "Leaves removed from the taxonomy since the previous build, with their last scores:", "",
                "| leaf | last F1 | last exact match | last questions |", "|---|---:|---:|---:|",
            ]
            for leaf in removed {
                let last = leaf.lastMetrics
                lines.append(
                    "| \(Self.cell(leaf.path)) | \(last["f1"].map(Self.fixed) ?? "–") | "
                        + "\(last["exact_match"].map(Self.fixed) ?? "–") | \(last["questions"].map { String(Int($0)) } ?? "–") |")
            }
        }
        for (title, list) in [("Improvements", improvements), ("Regressions", regressions)] {
            lines += ["", "## \(title) (\(list.count))", ""]
            if list.isEmpty {
                lines.append("None.")
                continue
            }
            lines += ["| leaf | question | expected | answer | base answer | F1 | base F1 |", "|---|---|---|---|---|---:|---:|"]
            for outcome in list.prefix(Self.listedQuestions) {
                lines.append(
                    "| \(Self.cell(outcome.leaf)) | \(Self.cell(outcome.question)) | \(Self.cell(outcome.reference)) | "
                        + "\(Self.cell(outcome.prediction ?? "–")) | \(Self.cell(outcome.basePrediction ?? "–")) | "
                        + "\(Self.fixed(outcome.f1)) | \(Self.fixed(outcome.baseF1)) |")
            }
            if list.count > Self.listedQuestions {
                lines.append("")
                lines.append("…and \(list.count - Self.listedQuestions) more in `outcomes.jsonl`.")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func leafList(_ leaves: [LeafScores]) -> String {
        leaves.isEmpty ? "none" : leaves.map { "`\($0.leaf)` (\(signed($0.f1Delta)))" }.joined(separator: ", ")
    }

    /// Three decimals, computed without locale-dependent formatting.
    static func fixed(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        let thousandths = Int((abs(value) * 1000).rounded())
        let fraction = String(thousandths % 1000)
        let text = "\(thousandths / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
        return value < 0 && thousandths != 0 ? "-" + text : text
    }

    static func signed(_ value: Double) -> String {
        let text = fixed(value)
        return text.hasPrefix("-") || text == "0.000" ? text : "+" + text
    }

    /// Text safe in a table cell: one line, pipes escaped, at most 80 characters.
    static func cell(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        let short = line.count > 80 ? String(line.prefix(79)) + "…" : line
        return short.replacingOccurrences(of: "|", with: "\\|")
    }
}

/// Why an evaluation could not be written.
public enum EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unwritable(let path, let reason): "\(path): cannot write evaluation file: \(reason)"
        }
    }
}
