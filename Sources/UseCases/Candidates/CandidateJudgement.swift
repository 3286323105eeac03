import Artifacts
import BuildConfiguration
import Foundation

/// The verdicts of one candidate, reached step by step: problems and conflicts first,
/// then the precheck, then the trained candidate's scores.
struct CandidateJudgement {
    let id: String
    let base: CandidateReport.Base
    let policy: CandidatePolicy
    var pullRequests: [CandidateReport.PullRequest]
    var candidateCommit: String?
    var changedLeaves: [CandidateReport.LeafScores] = []
    var regressions: [CandidateReport.LeafScores] = []
    var gates: [CandidateReport.Gate] = []
    var metrics: [String: Double] = [:]
    var runs: [String] = []
    /// The store entry of the candidate's trained model, once trained.
    var modelKey: String?
    /// Each pull request's own per-leaf stage instances and their cache keys, as planned.
    var leafStageKeys: [Int: [String: String]] = [:]
    /// Each pull request's scored leaves.
    private let leaves: [Int: [String]]

    init(
        id: String, base: VersionSummary, build: BuildSpec, policy: CandidatePolicy,
        pullRequests: [CandidatePullRequest], conflicts: [Int: [String]], candidateCommit: String?
    ) {
        self.id = id
        self.base = .init(build: build.name, version: base.version, taxonomyCommit: base.taxonomyCommit)
        self.policy = policy
        self.candidateCommit = candidateCommit
        leaves = Dictionary(pullRequests.map { ($0.number, $0.scoredLeaves) }, uniquingKeysWith: { first, _ in first })
        self.pullRequests = pullRequests.map { pullRequest in
            var entry = CandidateReport.PullRequest(
                number: pullRequest.number, head: pullRequest.head.hex, title: pullRequest.commit.subject,
                author: pullRequest.commit.authorName, verdict: .noGain, reason: "", leaves: pullRequest.leafEntries,
                problems: pullRequest.problems, precheckF1: nil)
            if !pullRequest.problems.isEmpty {
                entry.verdict = .invalid
                entry.reason = "\(pullRequest.problems.count) validation errors in its leaves"
            } else if let paths = conflicts[pullRequest.number] {
                entry.verdict = .conflict
                entry.reason = "does not merge into \(base.version): conflicts in \(paths.joined(separator: ", "))"
                entry.problems = paths.map { .init(file: $0, line: nil, column: nil, message: "merge conflict") }
            } else if candidateCommit == nil {
                entry.reason = "not built"
            }
            return entry
        }
    }

    /// True once the pull request's verdict cannot change (invalid, conflict, already known).
    func isDecided(_ number: Int) -> Bool {
        guard let entry = pullRequests.first(where: { $0.number == number }) else { return true }
        return [.invalid, .conflict, .alreadyKnown].contains(entry.verdict)
    }

    /// The base model's scores on the pull requests' own questions, before training.
    mutating func precheck(_ scores: [CandidateReport.LeafScores]) {
        let byLeaf = Dictionary(scores.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        for index in pullRequests.indices where !isDecided(pullRequests[index].number) {
            let own = (leaves[pullRequests[index].number] ?? []).compactMap { byLeaf[$0] }
            guard !own.isEmpty else { continue }
            let f1 = Self.mean(own, \.after)
            pullRequests[index].precheckF1 = f1
            if f1 >= policy.knownThreshold {
                pullRequests[index].verdict = .alreadyKnown
                pullRequests[index].reason =
                    "the base model already answers its questions (F1 \(CandidateReport.fixed(f1)) ≥ \(CandidateReport.fixed(policy.knownThreshold)))"
            }
        }
    }

    /// The trained candidate's scores: changed leaves, regressions, and the verdicts.
    mutating func trained(_ scores: [CandidateReport.LeafScores]) {
        let changed = Set(leaves.values.joined())
        changedLeaves = scores.filter { changed.contains($0.path) }
        regressions = scores.filter { !changed.contains($0.path) && -$0.delta("f1") > policy.maxRegression }
        let refused = gates.filter { !$0.passed }
        let byLeaf = Dictionary(scores.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        for index in pullRequests.indices where !isDecided(pullRequests[index].number) {
            let own = (leaves[pullRequests[index].number] ?? []).compactMap { byLeaf[$0] }
            if !regressions.isEmpty {
                pullRequests[index].verdict = .regresses
                pullRequests[index].reason =
                    "the candidate's F1 fell by more than \(CandidateReport.fixed(policy.maxRegression)) on "
                    + regressions.map { "\($0.path) (\(CandidateReport.fixed($0.before["f1"] ?? 0)) → \(CandidateReport.fixed($0.after["f1"] ?? 0)))" }
                    .joined(separator: ", ")
            } else if !refused.isEmpty {
                pullRequests[index].verdict = .regresses
                pullRequests[index].reason = "gates refused the candidate: " + refused.map(\.message).joined(separator: "; ")
            } else if own.isEmpty {
                pullRequests[index].verdict = .noGain
                pullRequests[index].reason = "it adds no leaf to score (it only removes leaves), and no other leaf regressed"
            } else {
                let before = Self.mean(own, \.before)
                let after = Self.mean(own, \.after)
                let gained = after > before + 0.0005
                pullRequests[index].verdict = gained ? .improves : .noGain
                pullRequests[index].reason =
                    "F1 on its leaves \(CandidateReport.fixed(before)) → \(CandidateReport.fixed(after))"
                    + (gained ? ", and no other leaf regressed" : ": no gain")
            }
        }
    }

    /// Built, but with no built-in model to score: only the gates judge.
    mutating func unscored(_ reason: String) {
        let refused = gates.filter { !$0.passed }
        for index in pullRequests.indices where !isDecided(pullRequests[index].number) {
            pullRequests[index].verdict = refused.isEmpty ? .noGain : .regresses
            pullRequests[index].reason =
                refused.isEmpty ? reason : "gates refused the candidate: " + refused.map(\.message).joined(separator: "; ")
        }
    }

    var report: CandidateReport {
        CandidateReport(
            id: id, base: base, candidateCommit: candidateCommit, pullRequests: pullRequests,
            changedLeaves: changedLeaves, regressions: regressions, gates: gates, metrics: metrics, runs: runs,
            interference: [], created: Date())
    }

    /// F1 over the leaves' questions (each leaf weighted by its questions).
    private static func mean(
        _ leaves: [CandidateReport.LeafScores], _ side: KeyPath<CandidateReport.LeafScores, [String: Double]>
    ) -> Double {
        let questions = leaves.reduce(0) { $0 + $1.questions }
        guard questions > 0 else { return 0 }
        return leaves.reduce(0.0) { $0 + ($1[keyPath: side]["f1"] ?? 0) * Double($1.questions) } / Double(questions)
    }
}
