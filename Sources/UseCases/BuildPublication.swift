import Artifacts
import Foundation
import Git
import BuildConfiguration
import Platform
import Runner
import StageProtocol
import Store
import Taxonomy

/// Turns a finished run into what the publisher takes: every stage's outputs as files
/// (from the store), the stage records, the taxonomy that went in, and the metrics.
struct BuildPublication {
    let config: BuildConfig
    let build: BuildSpec
    let planned: [PlannedJob]
    let summary: RunSummary
    let run: RunDirectory
    let store: OutputStore
    let taxonomy: BuildTaxonomy.Prepared?
    let baseModel: BaseModelInput?
    let configDigest: String
    /// Every leaf's contribution record (nil without a taxonomy).
    var contributions: [LeafContribution]? = nil

    func finishedBuild(now: Date = Date()) throws -> FinishedBuild {
        var files: [SourceFile] = []
        var stages: [FinishedStage] = []
        var metrics: [String: Double] = [:]
        for job in planned {
            guard let state = summary[job: job.job.id], state.state == .succeeded || state.state == .reused,
                let entry = try store.entry(job.job.cacheKey)
            else { continue }
            let folder = Self.folder(for: job.job.id)
            for (path, file) in entry.files.sorted(by: { $0.key < $1.key }) {
                files.append(
                    SourceFile(
                        path: folder + "/" + path, source: store.blobPath(sha256: file.sha256),
                        expectedSHA256: file.sha256))
            }
            if job.job.id == job.stage {
                for (name, value) in entry.metrics { metrics[job.stage + "." + name] = value }
            }
            stages.append(stageRecord(job, state: state, entry: entry, folder: folder, now: now))
        }
        return FinishedBuild(
            model: config.model.name, buildName: build.name, kind: BuildKind(rawValue: build.kind.rawValue),
            created: now, taxonomy: manifestTaxonomy(), baseModel: manifestBaseModel(), stages: stages, files: files,
            metrics: metrics, configDigest: configDigest, runID: run.id, startedOn: summary.startedAt ?? now,
            finishedOn: summary.finishedAt ?? now,
            internalParameters: internalParameters(), contributions: contributions.map(Self.contributions))
    }

    /// The manifest's contribution records of `leaves`; a knowledge leaf's documents carry
    /// its attribution's licence.
    static func contributions(_ leaves: [LeafContribution]) -> [Manifest.Contribution] {
        leaves.map { leaf in
            let attribution = leaf.attribution.map {
                Manifest.Attribution(title: $0.title, link: $0.link, revision: $0.revision, license: $0.license, creator: $0.creator)
            }
            return Manifest.Contribution(
                leaf: leaf.path, kind: leaf.kind.rawValue, createdBy: leaf.createdBy,
                lastChange: leaf.lastChange.map {
                    Manifest.LastChange(
                        commit: $0.id.hex, pullRequest: $0.pullRequestNumber, author: "\($0.authorName) <\($0.authorEmail)>",
                        subject: $0.subject)
                },
                attribution: attribution,
                documents: leaf.documents.map { documents in
                    Manifest.Documents(
                        repository: RemoteURL.redacted(documents.repository), commit: documents.commit.hex,
                        files: documents.files.map { Manifest.DocumentFile(path: $0.path, sha256: $0.sha256) },
                        license: attribution?.license)
                })
        }
    }

    /// Each file the build would publish from its stages' outputs (published path →
    /// SHA-256), logs aside: what makes the version's content.
    func outputDigests() throws -> [String: String] {
        var digests: [String: String] = [:]
        for job in planned {
            guard let state = summary[job: job.job.id], state.state == .succeeded || state.state == .reused,
                let entry = try store.entry(job.job.cacheKey)
            else { continue }
            let folder = Self.folder(for: job.job.id)
            for (path, file) in entry.files { digests[folder + "/" + path] = file.sha256 }
        }
        return digests
    }

    private func internalParameters() -> [String: JSONValue] {
        guard let baseModel else { return [:] }
        var parameters: [String: JSONValue] = [Self.baseModelKeyParameter: .string(baseModel.digest)]
        if let key = baseModel.storeKey { parameters[Self.baseModelStoreKeyParameter] = .string(key) }
        return parameters
    }

    /// The provenance `internalParameters` entry holding the base model as the planner
    /// keyed it (`sha256:<hex>` or `none`; `store:<key>` in versions published before
    /// content digests), so a release promoting this build can plan with the very same
    /// base and compare stage keys exactly.
    static let baseModelKeyParameter = "baseModelKey"

    /// The provenance `internalParameters` entry naming the store entry of a base model a
    /// build trained, so a release promoting the build can find its files.
    static let baseModelStoreKeyParameter = "baseModelStoreKey"

    /// `generate[knowledge/birds]` publishes under `generate/knowledge/birds/`.
    static func folder(for job: String) -> String {
        job.replacingOccurrences(of: "[", with: "/").replacingOccurrences(of: "]", with: "")
    }

    private func stageRecord(
        _ job: PlannedJob, state: JobSummary, entry: StoreEntry, folder: String, now: Date
    ) -> FinishedStage {
        let attempt = state.attempts.last
        let implementation = job.ingredients.implementation
        let kind = implementation.hasPrefix("builtin/") ? "builtin" : implementation.hasPrefix("plugin ") ? "plugin" : "command"
        let nameAndVersion = implementation.drop { kind != "builtin" && $0 != " " }.trimmingCharacters(in: .whitespaces)
        let parts = nameAndVersion.split(separator: "@", maxSplits: 1).map(String.init)
        let record = Manifest.Stage(
            name: job.job.id, cacheKey: job.job.cacheKey,
            implementation: Manifest.Implementation(
                kind: kind, name: kind == "command" ? job.job.command.joined(separator: " ") : parts[0],
                version: kind == "builtin" ? (parts.count > 1 ? parts[1] : "") : "",
                digest: kind == "plugin" && parts.count > 1 ? Self.hex(parts[1]) : nil),
            params: job.ingredients.params, inputDigests: job.ingredients.inputs,
            outputs: entry.files.keys.sorted().map { folder + "/" + $0 }, attempts: state.attempts.count,
            exitStatus: state.state == .succeeded ? 0 : nil, host: attempt?.host ?? "",
            startedAt: attempt?.started ?? entry.created, finishedAt: attempt?.ended ?? entry.created,
            reused: state.state == .reused)
        let log = attempt.map { run.logFile(stage: job.job.id, attempt: $0.number) }
        return FinishedStage(
            record: record, logSource: log.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil })
    }

    private func manifestTaxonomy() -> Manifest.Taxonomy {
        guard let taxonomy else {
            return Manifest.Taxonomy(url: "", commit: "", previousCommit: nil, mergedCommits: [], changedLeaves: [])
        }
        let merged = taxonomy.changes.commits.commits.map(Self.mergedCommit)
        let changed = taxonomy.changes.leaves.map { leaf in
            Manifest.ChangedLeaf(
                path: leaf.path.text,
                change: Manifest.ChangedLeaf.Change(rawValue: leaf.change.rawValue) ?? .modified,
                blob: (leaf.newBlobID ?? leaf.oldBlobID)?.hex)
        }
        let skipped = taxonomy.skipped.map {
            Manifest.SkippedLeaf(path: $0.path, reason: $0.reason.rawValue, messages: $0.messages)
        }
        let rewrite = taxonomy.rewrite.map { rewrite in
            Manifest.HistoryRewrite(
                droppedCommits: rewrite.dropped.map(Self.mergedCommit), commonAncestor: rewrite.commonAncestor?.hex,
                baseModelFromDiscardedHistory: baseModel?.storeKey != nil)
        }
        return Manifest.Taxonomy(
            url: config.taxonomy.map { RemoteURL.redacted($0.url) } ?? "", commit: taxonomy.head.hex, previousCommit: taxonomy.previous,
            mergedCommits: merged, changedLeaves: changed, skippedLeaves: skipped.isEmpty ? nil : skipped,
            historyRewrite: rewrite)
    }

    /// A commit as the manifest lists it.
    static func mergedCommit(_ commit: Commit) -> Manifest.MergedCommit {
        Manifest.MergedCommit(
            commit: commit.id.hex, pullRequest: commit.pullRequestNumber, subject: commit.subject,
            author: "\(commit.authorName) <\(commit.authorEmail)>")
    }

    /// The model the build started from, with the SHA-256 of its content: a pinned base's
    /// given digest, or for the previous build's model the digest over its files' digests
    /// (as a manifest's root digest is made). None for a first build with nothing to start from.
    private func manifestBaseModel() -> Manifest.BaseModel? {
        guard let baseModel, baseModel.digest != "none" else { return nil }
        var uri: String?
        if case .pinned(_, let pinned, _) = config.model.base { uri = pinned }
        let digest = Self.hex(baseModel.digest)
        return Manifest.BaseModel(name: baseModel.name, uri: uri, digest: digest)
    }

    /// The 64 hex digits of a `sha256:`-prefixed or bare digest, or nil when it is not one.
    static func hex(_ digest: String) -> String? {
        let bare = digest.hasPrefix("sha256:") ? String(digest.dropFirst("sha256:".count)) : digest
        return bare.count == 64 && bare.allSatisfy(\.isHexDigit) ? bare : nil
    }
}
