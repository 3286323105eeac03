import Foundation
import StageProtocol

/// `builds/<version>/manifest.json`: exactly what went into a published build.
///
/// Written as stable JSON (sorted keys, pretty printed, ISO 8601 UTC times); its schema is
/// `docs/manifest.schema.json`. Digests are lower-case hex SHA-256 unless a field says
/// otherwise.
public struct Manifest: Sendable, Hashable, Codable {
    /// Bumped when a field changes meaning.
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    /// `model.name`.
    public var name: String
    public var version: String
    public var build: Build
    public var created: Date
    public var taxonomy: Taxonomy
    public var baseModel: BaseModel?
    public var stages: [Stage]
    /// Sorted by path.
    public var files: [File]
    /// See `RootDigest`.
    public var rootDigest: String
    public var metrics: [String: Double]
    /// Every leaf the build read with its contribution record, sorted by leaf (absent in
    /// manifests written before contributions were recorded).
    public var contributions: [Contribution]?
    /// The model card and data card published beside the manifest (see `ModelCard`).
    public var cards: [CardFile]?
    /// The pull requests' candidates this version confirms; nil when none.
    public var confirmsCandidates: [ConfirmedCandidate]?

    public init(
        schemaVersion: Int = Manifest.currentSchemaVersion, name: String, version: String, build: Build,
        created: Date, taxonomy: Taxonomy, baseModel: BaseModel?, stages: [Stage], files: [File],
        rootDigest: String, metrics: [String: Double], contributions: [Contribution]? = nil
    ) {
        self.contributions = contributions
        self.schemaVersion = schemaVersion
        self.name = name
        self.version = version
        self.build = build
        self.created = created
        self.taxonomy = taxonomy
        self.baseModel = baseModel
        self.stages = stages
        self.files = files
        self.rootDigest = rootDigest
        self.metrics = metrics
    }

    /// Which build of builds.yaml made this version.
    public struct Build: Sendable, Hashable, Codable {
        public var name: String
        public var kind: BuildKind
        /// The run that built it (absent in manifests written before it was recorded).
        public var runID: String?
        public init(name: String, kind: BuildKind, runID: String? = nil) {
            self.name = name
            self.kind = kind
            self.runID = runID
        }
    }

    /// The taxonomy snapshot the build read.
    public struct Taxonomy: Sendable, Hashable, Codable {
        public var url: String
        public var commit: String
        /// The commit the previous published build read; nil for the first build.
        public var previousCommit: String?
        /// First-parent commits merged since `previousCommit`, newest first.
        public var mergedCommits: [MergedCommit]
        public var changedLeaves: [ChangedLeaf]
        /// Leaves the build left out (`taxonomy.exclude`, `on_invalid: skip`, empty
        /// leaves), with why; absent when none was.
        public var skippedLeaves: [SkippedLeaf]?
        /// Set when the branch's history was rewritten (a force-push) since the previous
        /// build's commit; absent otherwise.
        public var historyRewrite: HistoryRewrite?

        public init(
            url: String, commit: String, previousCommit: String?, mergedCommits: [MergedCommit],
            changedLeaves: [ChangedLeaf], skippedLeaves: [SkippedLeaf]? = nil, historyRewrite: HistoryRewrite? = nil
        ) {
            self.url = url
            self.commit = commit
            self.previousCommit = previousCommit
            self.mergedCommits = mergedCommits
            self.changedLeaves = changedLeaves
            self.skippedLeaves = skippedLeaves
            self.historyRewrite = historyRewrite
        }
    }

    /// A taxonomy leaf the build did not read, and why.
    public struct SkippedLeaf: Sendable, Hashable, Codable {
        /// The leaf folder, or the refused entry's path.
        public var path: String
        /// `excluded`, `invalid`, `empty`, `unreadable` or `documents`.
        public var reason: String
        /// The located errors (`ERROR: knowledge/a/qna.yaml:3:1 …`), or the pattern that
        /// excluded it.
        public var messages: [String]

        public init(path: String, reason: String, messages: [String]) {
            self.path = path
            self.reason = reason
            self.messages = messages
        }
    }

    /// The taxonomy branch no longer holds the previous build's commit: its history
    /// was rewritten (a force-push).
    public struct HistoryRewrite: Sendable, Hashable, Codable {
        /// The commits of the previous build's history the branch no longer holds,
        /// newest first (up to the common ancestor).
        public var droppedCommits: [MergedCommit]
        /// The commit both histories share, when there is one.
        public var commonAncestor: String?
        /// True when the model this build started from was trained on the discarded
        /// history.
        public var baseModelFromDiscardedHistory: Bool

        public init(droppedCommits: [MergedCommit], commonAncestor: String?, baseModelFromDiscardedHistory: Bool) {
            self.droppedCommits = droppedCommits
            self.commonAncestor = commonAncestor
            self.baseModelFromDiscardedHistory = baseModelFromDiscardedHistory
        }
    }

    /// A taxonomy commit merged since the previous build.
    public struct MergedCommit: Sendable, Hashable, Codable {
        public var commit: String
        /// The pull request number found in the subject (`Merge pull request #123`), if any.
        public var pullRequest: Int?
        public var subject: String
        public var author: String

        public init(commit: String, pullRequest: Int?, subject: String, author: String) {
            self.commit = commit
            self.pullRequest = pullRequest
            self.subject = subject
            self.author = author
        }
    }

    /// A taxonomy leaf added, modified, removed or moved since the previous build.
    public struct ChangedLeaf: Sendable, Hashable, Codable {
        /// How the leaf changed.
        public enum Change: String, Sendable, Hashable, Codable {
            /// `moved`: the same content (folder tree) under a new path, given in `from`.
            case added, modified, removed, moved
        }
        /// The leaf folder (`knowledge/science/birds`); for a move, the new path.
        public var path: String
        public var change: Change
        /// The git blob id of its `qna.yaml` at `commit` (nil when removed).
        public var blob: String?
        /// For a move, the path the leaf had at the previous build.
        public var from: String?

        public init(path: String, change: Change, blob: String?, from: String? = nil) {
            self.path = path
            self.change = change
            self.blob = blob
            self.from = from
        }
    }

    /// The model the build started from.
    public struct BaseModel: Sendable, Hashable, Codable {
        public var name: String
        public var uri: String?
        /// SHA-256 of the base model (for `previous`, the previous build's root digest).
        public var digest: String?

        public init(name: String, uri: String?, digest: String?) {
            self.name = name
            self.uri = uri
            self.digest = digest
        }
    }

    /// One stage of the build, as it ran (or was reused).
    public struct Stage: Sendable, Hashable, Codable {
        public var name: String
        public var cacheKey: String
        public var implementation: Implementation
        public var params: [String: JSONValue]
        /// Upstream stage → the digest (cache key or output digest) it was given.
        public var inputDigests: [String: String]
        /// Paths under `files/` this stage produced.
        public var outputs: [String]
        public var attempts: Int
        /// The last attempt's exit status; nil when reused or killed by a signal.
        public var exitStatus: Int32?
        /// The worker host (machine or Slurm node) of the last attempt.
        public var host: String
        public var startedAt: Date
        public var finishedAt: Date
        /// The published log; the publisher fills it from `FinishedStage.logSource`.
        public var log: Log?
        /// True when the outputs came from the cache instead of running.
        public var reused: Bool
        /// What the stage's `result.json` asked a person to look at without failing the
        /// build (personal data a scan found); nil when nothing.
        public var warnings: [String]?

        public init(
            name: String, cacheKey: String, implementation: Implementation, params: [String: JSONValue],
            inputDigests: [String: String], outputs: [String], attempts: Int, exitStatus: Int32?, host: String,
            startedAt: Date, finishedAt: Date, log: Log? = nil, reused: Bool, warnings: [String]? = nil
        ) {
            self.name = name
            self.cacheKey = cacheKey
            self.implementation = implementation
            self.params = params
            self.inputDigests = inputDigests
            self.outputs = outputs
            self.attempts = attempts
            self.exitStatus = exitStatus
            self.host = host
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.log = log
            self.reused = reused
            self.warnings = warnings
        }
    }

    /// What a stage runs: `builtin/train` at the binary's version, or a plugin by digest.
    public struct Implementation: Sendable, Hashable, Codable {
        /// `builtin` or `plugin`.
        public var kind: String
        public var name: String
        public var version: String
        /// The plugin folder's digest; nil for built-ins.
        public var digest: String?

        public init(kind: String, name: String, version: String, digest: String? = nil) {
            self.kind = kind
            self.name = name
            self.version = version
            self.digest = digest
        }
    }

    /// A stage's published log.
    public struct Log: Sendable, Hashable, Codable {
        /// Under `files/` (`logs/train.log`).
        public var path: String
        public var sha256: String

        public init(path: String, sha256: String) {
            self.path = path
            self.sha256 = sha256
        }
    }

    /// A published file.
    public struct File: Sendable, Hashable, Codable {
        /// Relative to `files/`, `/`-separated.
        public var path: String
        public var size: Int64
        public var sha256: String

        public init(path: String, size: Int64, sha256: String) {
            self.path = path
            self.size = size
            self.sha256 = sha256
        }
    }
}
