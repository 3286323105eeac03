import Foundation
import StageProtocol

/// What a finished build hands the publisher: everything the manifest and provenance
/// record, and the files to publish. The runner's results are translated into this by the
/// caller; the publisher hashes the files itself.
public struct FinishedBuild: Sendable {
    /// `model.name` (`lab-model`).
    public var model: String
    /// The build's name in builds.yaml (`nightly`).
    public var buildName: String
    public var kind: BuildKind
    /// The manifest's `created` time, and the date a `{date}` template uses.
    public var created: Date
    public var taxonomy: Manifest.Taxonomy
    public var baseModel: Manifest.BaseModel?
    public var stages: [FinishedStage]
    /// The files to publish under `files/`; logs of stages come from `FinishedStage.log`.
    public var files: [SourceFile]
    /// Evaluation metrics by qualified name (`evaluate.f1`).
    public var metrics: [String: Double]
    /// SHA-256 of the build's configuration (the builds.yaml bytes, or its canonical form).
    public var configDigest: String
    /// The run's id; the provenance's invocation id.
    public var runID: String
    public var startedOn: Date
    public var finishedOn: Date
    /// Extra provenance `internalParameters` (executor kind, modelbuild version…).
    public var internalParameters: [String: JSONValue]
    /// Every leaf read, with its contribution record (nil when the build read no taxonomy).
    public var contributions: [Manifest.Contribution]?
    /// The pull requests' candidates the build confirms (`Manifest.confirmsCandidates`).
    public var confirmsCandidates: [Manifest.ConfirmedCandidate]?

    public init(
        model: String, buildName: String, kind: BuildKind, created: Date, taxonomy: Manifest.Taxonomy,
        baseModel: Manifest.BaseModel?, stages: [FinishedStage], files: [SourceFile], metrics: [String: Double],
        configDigest: String, runID: String, startedOn: Date, finishedOn: Date,
        internalParameters: [String: JSONValue] = [:], contributions: [Manifest.Contribution]? = nil
    ) {
        self.contributions = contributions
        self.model = model
        self.buildName = buildName
        self.kind = kind
        self.created = created
        self.taxonomy = taxonomy
        self.baseModel = baseModel
        self.stages = stages
        self.files = files
        self.metrics = metrics
        self.configDigest = configDigest
        self.runID = runID
        self.startedOn = startedOn
        self.finishedOn = finishedOn
        self.internalParameters = internalParameters
    }
}

/// A file to publish: where it is now, and its path under `files/`.
public struct SourceFile: Sendable, Hashable {
    /// Relative, `/`-separated, no `.`/`..` components (`model/weights.bin`).
    public var path: String
    /// Absolute path of the file to publish. It is copied (cloned where the file system
    /// can) into the blob store, never linked: the published file shares no inode with it.
    public var source: String
    /// The SHA-256 the source must have (what its producer recorded in the store), or nil
    /// when nothing recorded one; a source that hashes otherwise is refused.
    public var expectedSHA256: String?

    /// The file at `source` published as `path`, refused unless it hashes to
    /// `expectedSHA256` when one is given.
    public init(path: String, source: String, expectedSHA256: String? = nil) {
        self.path = path
        self.source = source
        self.expectedSHA256 = expectedSHA256
    }
}

/// One stage as it ran; becomes a `Manifest.Stage` once its log is published.
public struct FinishedStage: Sendable {
    /// The stage record, with `log` left nil (the publisher fills it).
    public var record: Manifest.Stage
    /// The stage's log file, published as `files/logs/<stage>.log`.
    public var logSource: String?

    public init(record: Manifest.Stage, logSource: String?) {
        self.record = record
        self.logSource = logSource
    }
}
