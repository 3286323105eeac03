import Foundation
import StageProtocol

/// A stage whose cache key differs between a published build and the keys of a planned
/// build.
public struct StageKeyDifference: Sendable, Hashable, CustomStringConvertible {
    public var stage: String
    /// The key in the published manifest; nil when the stage is not in it.
    public var published: String?
    /// The key planned now; nil when the plan has no such stage.
    public var planned: String?

    public init(stage: String, published: String?, planned: String?) {
        self.stage = stage
        self.published = published
        self.planned = planned
    }

    public var description: String {
        switch (published, planned) {
        case (nil, _): "\(stage): not in the published build"
        case (_, nil): "\(stage): not in the planned build"
        case (let published?, let planned?): "\(stage): published key \(published.prefix(12)), planned \(planned.prefix(12))"
        }
    }
}

/// Promoting a published nightly to a release: finding one whose inputs match the planned
/// build, and re-publishing its files under a release version.
public enum Promotion {
    /// The stages whose keys differ between `manifest` and `plannedKeys` (stage → cache key).
    public static func differences(_ manifest: Manifest, plannedKeys: [String: String]) -> [StageKeyDifference] {
        let published = Dictionary(manifest.stages.map { ($0.name, $0.cacheKey) }, uniquingKeysWith: { first, _ in first })
        return Set(published.keys).union(plannedKeys.keys).sorted().compactMap { stage in
            published[stage] == plannedKeys[stage]
                ? nil : StageKeyDifference(stage: stage, published: published[stage], planned: plannedKeys[stage])
        }
    }

    /// The newest published nightly whose stage keys equal `plannedKeys`, if any.
    public static func newestMatchingNightly(
        in catalog: ArtifactCatalog, plannedKeys: [String: String]
    ) throws(ArtifactsError) -> Manifest? {
        for summary in try catalog.summaries().reversed() where summary.kind == .nightly {
            let manifest = try catalog.manifest(of: summary.version)
            if differences(manifest, plannedKeys: plannedKeys).isEmpty { return manifest }
        }
        return nil
    }

    /// A `FinishedBuild` that republishes `version`'s files (from the blob store, so nothing
    /// is copied) and records, as the new build, what the nightly ran.
    public static func releaseBuild(
        promoting version: String, in catalog: ArtifactCatalog, buildName: String, created: Date,
        configDigest: String, runID: String
    ) throws(ArtifactsError) -> FinishedBuild {
        let manifest = try catalog.manifest(of: version)
        let logs = Set(manifest.stages.compactMap(\.log?.path))
        let files = manifest.files.filter { !logs.contains($0.path) }.map {
            SourceFile(path: $0.path, source: catalog.layout.blob($0.sha256))
        }
        let stages = manifest.stages.map { stage in
            var record = stage
            record.log = nil
            return FinishedStage(record: record, logSource: stage.log.map { catalog.layout.blob($0.sha256) })
        }
        return FinishedBuild(
            model: manifest.name, buildName: buildName, kind: .release, created: created, taxonomy: manifest.taxonomy,
            baseModel: manifest.baseModel, stages: stages, files: files, metrics: manifest.metrics,
            configDigest: configDigest, runID: runID,
            startedOn: manifest.stages.map(\.startedAt).min() ?? manifest.created,
            finishedOn: manifest.stages.map(\.finishedAt).max() ?? manifest.created,
            internalParameters: ["promotedFrom": .string(version)], contributions: manifest.contributions)
    }
}
