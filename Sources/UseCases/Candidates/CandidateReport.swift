import Foundation

/// What a candidate build found, for each pull request it tried: the report back that
/// `report.json`, `report.md` and `modelbuild candidate --format` carry.
public struct CandidateReport: Sendable, Hashable, Codable {
    /// The candidate's name: `pr-<N>[-<N>…]-<short head>`.
    public var id: String
    /// The published version the pull requests were merged into, and its build.
    public var base: Base
    /// The in-memory merge of the base and every pull request; nil when they conflict.
    public var candidateCommit: String?
    /// One entry a pull request, in the order asked.
    public var pullRequests: [PullRequest]
    /// Every changed leaf's scores, before (the base version's model) and after (the
    /// candidate's), on the candidate's held-out questions.
    public var changedLeaves: [LeafScores]
    /// Every other leaf whose F1 fell by more than `candidates.max_regression`.
    public var regressions: [LeafScores]
    /// The `--on` build's gates on the candidate's metrics; empty when it has none.
    public var gates: [Gate]
    /// The candidate's stage metrics (`evaluate.f1`, `safety.findings`, …).
    public var metrics: [String: Double]
    /// The run ids the candidate's stages ran in.
    public var runs: [String]
    /// `--each`: leaves whose score alone differs from their score together.
    public var interference: [Interference]
    /// When the report was made.
    public var created: Date

    /// The published version a candidate starts from.
    public struct Base: Sendable, Hashable, Codable {
        public var build: String
        public var version: String
        public var taxonomyCommit: String
    }

    /// One pull request and its verdict.
    public struct PullRequest: Sendable, Hashable, Codable {
        public var number: Int
        public var head: String
        /// The head commit's subject and author.
        public var title: String
        public var author: String
        public var verdict: CandidateVerdict
        /// Why, in a sentence.
        public var reason: String
        /// The leaves it adds, changes or removes (head against its merge base).
        public var leaves: [ChangedLeafEntry]
        /// Its validation errors (`file:line:col: message`) or conflicting files.
        public var problems: [Problem]
        /// The base model's mean F1 on its leaves' held-out questions, before training.
        public var precheckF1: Double?
    }

    /// A leaf a pull request changes.
    public struct ChangedLeafEntry: Sendable, Hashable, Codable {
        public var path: String
        /// `added`, `modified` or `removed`.
        public var change: String
    }

    /// A located problem of a pull request's files.
    public struct Problem: Sendable, Hashable, Codable {
        public var file: String
        public var line: Int?
        public var column: Int?
        public var message: String
    }

    /// One leaf's scores for every metric the evaluation gives, before and after.
    public struct LeafScores: Sendable, Hashable, Codable {
        public var path: String
        public var questions: Int
        public var before: [String: Double]
        public var after: [String: Double]

        /// After minus before, for `metric`.
        public func delta(_ metric: String) -> Double { (after[metric] ?? 0) - (before[metric] ?? 0) }
    }

    /// A gate of the `--on` build, evaluated.
    public struct Gate: Sendable, Hashable, Codable {
        public var metric: String
        public var passed: Bool
        public var message: String
    }

    /// A leaf scored differently alone and together with the batch.
    public struct Interference: Sendable, Hashable, Codable {
        public var path: String
        public var pullRequest: Int
        public var aloneF1: Double
        public var togetherF1: Double
    }

    /// True when every pull request improves the model or changes nothing, and nothing
    /// regressed: `modelbuild candidate` exits 0.
    public var isAcceptable: Bool {
        pullRequests.allSatisfy { $0.verdict == .improves || $0.verdict == .noGain }
    }
}

/// The verdict on one pull request.
public enum CandidateVerdict: String, Sendable, Hashable, Codable, CaseIterable {
    /// Its leaves score higher after training, and no other leaf regressed.
    case improves
    /// Training on it changed nothing measurable (a removal, or the same scores).
    case noGain = "no-gain"
    /// The base model already answers its questions (precheck at or above the threshold).
    case alreadyKnown = "already-known"
    /// Another leaf's score fell by more than the allowed regression, or a gate refused.
    case regresses
    /// Its leaves do not validate.
    case invalid
    /// It does not merge cleanly into the base version's commit.
    case conflict
}
