import Artifacts
import Foundation
import StageProtocol
import TestSupport
import Testing
@testable import UseCases

/// Published candidates (issue 15): gc keeps the newest of each open pull request and
/// removes those of merged or closed ones; the report renders as a PR comment and as
/// GitHub annotations.
@Suite struct CandidateCatalogTests {
    static func publish(_ id: String, created: String, pullRequests: [(Int, String)], in layout: ArtifactLayout) throws {
        let manifest = CandidateManifest(
            id: id, model: "lab-model", created: created,
            base: .init(build: "nightly", version: "nightly-2026-12-01", taxonomyCommit: String(repeating: "a", count: 40)),
            candidateCommit: nil,
            pullRequests: pullRequests.map { .init(number: $0.0, head: $0.1, verdict: .improves) }, files: [:])
        try FileManager.default.createDirectory(atPath: layout.candidate(id), withIntermediateDirectories: true)
        try Data(JSONWriter.document(manifest)).write(to: URL(fileURLWithPath: layout.candidate(id) + "/manifest.json"))
    }

    @Test func gcKeepsTheNewestOfEachOpenPullRequest() async throws {
        try await withTemporaryDirectory { directory in
            let layout = ArtifactLayout(root: directory.path + "/artifacts/lab-model")
            let (old, new, gone, merged) = ("1" + String(repeating: "0", count: 39), "2" + String(repeating: "0", count: 39),
                                            "3" + String(repeating: "0", count: 39), "4" + String(repeating: "0", count: 39))
            try Self.publish("pr-1-10000000", created: "2026-12-01T02:00:00Z", pullRequests: [(1, old)], in: layout)
            try Self.publish("pr-1-20000000", created: "2026-12-02T02:00:00Z", pullRequests: [(1, new)], in: layout)
            try Self.publish("pr-2-30000000", created: "2026-12-02T02:00:00Z", pullRequests: [(2, gone)], in: layout)
            try Self.publish("pr-3-40000000", created: "2026-12-02T02:00:00Z", pullRequests: [(3, merged)], in: layout)
            let catalog = CandidateCatalog(layout: layout)

            let dryRun = try catalog.collect(heads: [1: new, 3: merged], isMerged: { $0 == merged }, model: "lab-model", dryRun: true)
            #expect(try catalog.manifests().count == 4, "a dry run removes nothing")
            let decisions = try catalog.collect(heads: [1: new, 3: merged], isMerged: { $0 == merged }, model: "lab-model", dryRun: false)
            #expect(decisions == dryRun)
            let byID = Dictionary(uniqueKeysWithValues: decisions.map { ($0.id, $0) })
            #expect(byID["pr-1-20000000"]?.keep == true)
            #expect(byID["pr-1-10000000"]?.reason == "a newer candidate of #1 exists")
            #expect(byID["pr-2-30000000"]?.reason == "pull request #2's ref is gone (closed or deleted)")
            #expect(byID["pr-3-40000000"]?.reason == "pull request #3 is merged")
            #expect(try catalog.manifests().map(\.id) == ["pr-1-20000000"])
            let page = try String(contentsOfFile: layout.candidatesPage, encoding: .utf8)
            #expect(page.contains("pr-1-20000000") && !page.contains("pr-1-10000000"))
        }
    }

    static let report = CandidateReport(
        id: "pr-45-abcdef12", base: .init(build: "nightly", version: "nightly-2026-12-01", taxonomyCommit: "c0ffee"),
        candidateCommit: nil,
        pullRequests: [
            .init(
                number: 45, head: "abcdef1234", title: "Add a broken | leaf", author: "Ann", verdict: .invalid,
                reason: "1 validation errors in its leaves", leaves: [.init(path: "skills/broken", change: "added")],
                problems: [.init(file: "skills/broken/qna.yaml", line: 3, column: 5, message: "'task_description' is a required property\nsee the schema")],
                precheckF1: nil)
        ],
        changedLeaves: [],
        regressions: [.init(path: "skills/victim", questions: 5, before: ["f1": 1, "exact_match": 1], after: ["f1": 0.2, "exact_match": 0])],
        gates: [], metrics: [:], runs: [], interference: [], created: Date(timeIntervalSince1970: 0))

    @Test func theReportIsAPullRequestCommentAndGitHubAnnotations() {
        let markdown = Self.report.markdown
        #expect(markdown.contains("| #45 Add a broken \\| leaf | `abcdef12` | **invalid** |"), "\(markdown)")
        #expect(markdown.contains("- #45 `skills/broken/qna.yaml:3:5`: 'task_description' is a required property"))
        #expect(markdown.contains("| `skills/victim` | 5 | 1.000 | 0.200 | 1.000 | 0.000 |"))
        #expect(!Self.report.isAcceptable)
        let github = Self.report.github
        #expect(github.hasPrefix(markdown))
        #expect(github.contains(
            "::error file=skills/broken/qna.yaml,line=3,col=5,title=#45 invalid::'task_description' is a required property%0Asee the schema"))
        #expect(github.contains("::warning file=skills/victim/qna.yaml,title=regressed by pr-45-abcdef12::F1 1.000 → 0.200"))
    }

    /// A file name from a pull request is a workflow-command property: a comma, colon or
    /// newline in it must not end the property or start a command of its own.
    @Test func gitHubAnnotationPropertiesEscapeHostileFileNames() {
        var report = Self.report
        report.pullRequests[0].problems = [.init(file: "skills/a,b\n::add-mask::x/qna.yaml", line: 1, column: nil, message: "bad")]
        report.regressions = []
        let annotations = report.github.split(separator: "\n").filter { $0.hasPrefix("::") }
        #expect(annotations == ["::error file=skills/a%2Cb%0A%3A%3Aadd-mask%3A%3Ax/qna.yaml,line=1,title=#45 invalid::bad"])
    }

    /// The terminal report prints a pull request's file names and messages escaped.
    @Test func theTextReportEscapesControlCharacters() {
        var report = Self.report
        report.pullRequests[0].problems = [.init(file: "skills/\u{1b}[2Jx/qna.yaml", line: 1, column: 2, message: "bad\nrun succeeded")]
        report.regressions = [.init(path: "skills/\u{202e}evil", questions: 1, before: ["f1": 1], after: ["f1": 0])]
        let text = report.text
        #expect(!text.contains("\u{1b}") && !text.contains("\u{202e}") && !text.contains("\nrun succeeded"), "\(text)")
        #expect(text.contains("error: skills/\\u{1b}[2Jx/qna.yaml:1:2: bad\\nrun succeeded"), "\(text)")
    }
}
