import Artifacts
import BuildConfiguration
import Foundation

/// What a user asks of the versions a project has published under `artifacts/<model>/`:
/// list them, verify them, collect old ones, export one. The CLI parses and prints; the
/// work, and the errors a person must see, are here.
public struct PublishedVersions: Sendable {
    /// Where the model's versions are published.
    public let layout: ArtifactLayout
    /// Nightlies `gc` keeps: the largest `keep` of the nightly builds, 14 when none says.
    public let keepNightlies: Int

    /// The published versions of `config`'s model in `project`; a model name that cannot
    /// name a folder is a usage error.
    public init(project: Project, config: BuildConfig) throws(RequestError) {
        do {
            layout = try ArtifactLayout(artifacts: project.artifactsDirectory.path, model: config.model.name)
        } catch {
            throw RequestError(.usage, error.description)
        }
        keepNightlies = config.builds.filter { $0.kind == .nightly }.compactMap(\.keep).max() ?? 14
    }

    /// Every published version, oldest first, with its kind, date, commit and metrics.
    public func summaries() throws(ArtifactsError) -> [VersionSummary] {
        try ArtifactCatalog(layout: layout).summaries()
    }

    /// Rechecks `version` (every version when nil) and the refs, against `keyPath`'s public
    /// key when given. A version that was never published is a usage error.
    public func verify(version: String?, keyPath: String?) async throws(RequestError) -> [VerificationFailure] {
        let key = try Self.verifyingKey(keyPath)
        let verifier = Verifier(layout: layout)
        guard let version else { return await verifier.verifyAll(key: key) }
        guard FileManager.default.fileExists(atPath: layout.build(version)) else {
            let known = (try? ArtifactCatalog(layout: layout).versionNames()) ?? []
            throw RequestError(
                .usage,
                "no version \"\(version)\" in \(layout.root)"
                    + (known.isEmpty ? " (nothing is published yet)" : " (modelbuild list lists them)"))
        }
        return await verifier.verify(version: version, key: key) + verifier.verifyRefs()
    }

    /// Rechecks a version folder anywhere (a published one or a copy).
    public static func verify(buildDirectory: String, keyPath: String?) async throws(RequestError) -> [VerificationFailure] {
        await Verifier.verify(buildDirectory: buildDirectory, key: try verifyingKey(keyPath))
    }

    /// Removes old nightlies and unreferenced blobs under the publish lock (nothing when
    /// `dryRun`), keeping `keepNightlies` nightlies, every release and every ref's target.
    public func collectGarbage(dryRun: Bool) async throws(ArtifactsError) -> RetentionPlan {
        try await GarbageCollector(layout: layout).collect(keepNightlies: keepNightlies, dryRun: dryRun)
    }

    /// Writes `version` as an OCI image layout into `directory`; returns the image
    /// manifest's digest.
    public func exportOCI(version: String, to directory: String) throws(ArtifactsError) -> String {
        try OCIExporter(layout: layout).export(version: version, to: directory)
    }

    /// The public key at `path`; one that cannot be read fails the check (exit 1).
    private static func verifyingKey(_ path: String?) throws(RequestError) -> VerifyingKey? {
        guard let path else { return nil }
        do {
            return try VerifyingKey(contentsOf: path)
        } catch {
            throw RequestError(.failed, error.description)
        }
    }
}
