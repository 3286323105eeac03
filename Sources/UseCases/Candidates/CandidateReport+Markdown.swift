import Artifacts
import Foundation
import InstructLabValidation
import Platform

extension CandidateReport {
    /// The report as a pull-request comment (`report.md`, `--format markdown`).
    public var markdown: String {
        var lines = [
            "## modelbuild candidate `\(id)`", "",
            "Built on **\(base.version)** (build `\(base.build)`, taxonomy `\(base.taxonomyCommit.prefix(12))`)"
                + (candidateCommit.map { ", merged in memory as `\($0.prefix(12))`." } ?? "."),
            "", "| PR | head | verdict | why |", "|---|---|---|---|",
        ]
        for pr in pullRequests {
            lines.append(
                "| #\(pr.number) \(MarkdownText.cell(pr.title)) | `\(pr.head.prefix(8))` | **\(pr.verdict.rawValue)** | \(MarkdownText.cell(pr.reason)) |")
        }
        let problems = pullRequests.flatMap { pr in pr.problems.map { (pr.number, $0) } }
        if !problems.isEmpty {
            lines += ["", "### Problems", ""]
            for (number, problem) in problems {
                lines.append("- #\(number) `\(MarkdownText.oneLine(problem.locationText))`: \(MarkdownText.oneLine(problem.message))")
            }
        }
        if !changedLeaves.isEmpty {
            lines += [
                "", "### Changed leaves", "", "| leaf | questions | F1 before | F1 after | exact match before | exact match after |",
                "|---|---:|---:|---:|---:|---:|",
            ]
            for leaf in changedLeaves { lines.append(Self.row(leaf)) }
        }
        lines += ["", "### Regressions", ""]
        if regressions.isEmpty {
            lines.append("None: no other leaf's F1 fell by more than the allowed regression.")
        } else {
            lines += [
                "| leaf | questions | F1 before | F1 after | exact match before | exact match after |",
                "|---|---:|---:|---:|---:|---:|",
            ]
            for leaf in regressions { lines.append(Self.row(leaf)) }
        }
        if !gates.isEmpty {
            lines += ["", "### Gates", ""]
            for gate in gates { lines.append("- \(gate.passed ? "passed" : "**refused**"): \(gate.message)") }
        }
        if !interference.isEmpty {
            lines += ["", "### Alone and together", "", "| leaf | PR | F1 alone | F1 together |", "|---|---:|---:|---:|"]
            for item in interference {
                lines.append(
                    "| `\(MarkdownText.cell(item.path))` | #\(item.pullRequest) | \(Self.fixed(item.aloneF1)) | \(Self.fixed(item.togetherF1)) |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The report for a terminal.
    public var text: String {
        var lines = ["candidate \(id) on \(base.version) (\(base.build), taxonomy \(base.taxonomyCommit.prefix(12)))"]
        for pr in pullRequests {
            lines.append("  #\(pr.number) \(pr.head.prefix(8)) \(pr.verdict.rawValue): \(PrintableText.escaping(pr.reason))")
            for problem in pr.problems { lines.append("    error: \(PrintableText.escaping(problem.locationText)): \(PrintableText.escaping(problem.message))") }
        }
        for leaf in changedLeaves {
            lines.append(
                "  changed \(PrintableText.escaping(leaf.path)): f1 \(Self.fixed(leaf.before["f1"] ?? 0)) → \(Self.fixed(leaf.after["f1"] ?? 0)), "
                    + "exact_match \(Self.fixed(leaf.before["exact_match"] ?? 0)) → \(Self.fixed(leaf.after["exact_match"] ?? 0))")
        }
        for leaf in regressions {
            lines.append(
                "  regressed \(PrintableText.escaping(leaf.path)): f1 \(Self.fixed(leaf.before["f1"] ?? 0)) → \(Self.fixed(leaf.after["f1"] ?? 0))")
        }
        for gate in gates where !gate.passed { lines.append("  gate refused: \(PrintableText.escaping(gate.message))") }
        for item in interference {
            lines.append(
                "  interference \(PrintableText.escaping(item.path)) (#\(item.pullRequest)): f1 alone \(Self.fixed(item.aloneF1)), together \(Self.fixed(item.togetherF1))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A GitHub check-run summary, then `::error`/`::warning` annotations on the pull
    /// requests' files (`--format github`).
    public var github: String {
        var lines: [String] = []
        for pr in pullRequests {
            for problem in pr.problems {
                var location = "file=\(Workflow.escapeProperty(problem.file))"
                if let line = problem.line { location += ",line=\(line)" }
                if let column = problem.column { location += ",col=\(column)" }
                lines.append("::error \(location),title=#\(pr.number) \(pr.verdict.rawValue)::\(Workflow.escapeData(problem.message))")
            }
            if pr.verdict == .alreadyKnown {
                for leaf in pr.leaves where leaf.change != "removed" {
                    lines.append(
                        "::warning file=\(Workflow.escapeProperty(leaf.path + "/qna.yaml")),title=#\(pr.number) already-known::\(Workflow.escapeData(pr.reason))")
                }
            }
        }
        for leaf in regressions {
            lines.append(
                "::warning file=\(Workflow.escapeProperty(leaf.path + "/qna.yaml")),title=regressed by \(id)::F1 \(Self.fixed(leaf.before["f1"] ?? 0)) → \(Self.fixed(leaf.after["f1"] ?? 0))")
        }
        return markdown + (lines.isEmpty ? "" : "\n" + lines.joined(separator: "\n") + "\n")
    }

    private static func row(_ leaf: LeafScores) -> String {
        "| `\(MarkdownText.cell(leaf.path))` | \(leaf.questions) | \(fixed(leaf.before["f1"] ?? 0)) | \(fixed(leaf.after["f1"] ?? 0)) | "
            + "\(fixed(leaf.before["exact_match"] ?? 0)) | \(fixed(leaf.after["exact_match"] ?? 0)) |"
    }

    /// Three decimals without locale.
    static func fixed(_ value: Double) -> String {
        let thousandths = Int((abs(value) * 1000).rounded())
        let fraction = String(thousandths % 1000)
        let text = "\(thousandths / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
        return value < 0 && thousandths != 0 ? "-" + text : text
    }

    /// GitHub's workflow-command escaping, as `taxonomy check --format github` escapes.
    private typealias Workflow = LeafDiagnosticFormatter
}

extension CandidateReport.Problem {
    /// `file:line:col`, or as much of it as is known.
    public var locationText: String {
        [file, line.map(String.init), column.map(String.init)].compactMap { $0 }.joined(separator: ":")
    }
}
