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
    private let project: Project
    private let config: BuildConfig

    /// The published versions of `config`'s model in `project`; a model name that cannot
    /// name a folder is a usage error.
    public init(project: Project, config: BuildConfig) throws(RequestError) {
        do {
            layout = try ArtifactLayout(artifacts: project.artifactsDirectory.path, model: config.model.name)
        } catch {
            throw RequestError(.usage, error.description)
        }
        keepNightlies = config.builds.filter { $0.kind == .nightly }.compactMap(\.keep).max() ?? 14
        self.project = project
        self.config = config
    }

    /// The metrics `list` and the dashboard show first: builds.yaml `report.metrics`, else
    /// `evaluate.f1` and `evaluate.exact_match`.
    public var primaryMetrics: [String] {
        config.report.metrics.isEmpty ? ["evaluate.f1", "evaluate.exact_match"] : config.report.metrics
    }

    /// Every contributor and source of `version`, from its manifest's contribution records.
    /// A version that is not published is a usage error.
    public func credits(of version: String) throws -> Credits {
        let catalog = ArtifactCatalog(layout: layout)
        guard FileManager.default.fileExists(atPath: layout.build(version)) else {
            let known = (try? catalog.versionNames()) ?? []
            throw RequestError(
                .usage,
                "no version \"\(version)\" in \(layout.root)"
                    + (known.isEmpty ? " (nothing is published yet)" : " (modelbuild list lists them)"))
        }
        return Credits(try catalog.manifest(of: version))
    }

    /// Every published version, oldest first, with its kind, date, commit and metrics.
    public func summaries() throws(ArtifactsError) -> [VersionSummary] {
        try ArtifactCatalog(layout: layout).summaries()
    }

    /// Rechecks `version` (every version when nil), the refs and `published.log`, trusting
    /// the public keys at `keyPaths` and those builds.yaml lists under each build's
    /// `trusted_keys:`. A version that was never published is a usage error.
    public func verify(version: String?, keyPaths: [String]) async throws -> [VerificationFailure] {
        let policy = try TrustedKeys.policy(config: config, project: project, keyPaths: keyPaths)
        let verifier = Verifier(layout: layout, policy: policy)
        guard let version else { return await verifier.verifyAll() }
        guard FileManager.default.fileExists(atPath: layout.build(version)) else {
            let known = (try? ArtifactCatalog(layout: layout).versionNames()) ?? []
            throw RequestError(
                .usage,
                "no version \"\(version)\" in \(layout.root)"
                    + (known.isEmpty ? " (nothing is published yet)" : " (modelbuild list lists them)"))
        }
        return await verifier.verify(version: version) + verifier.verifyRefs()
    }

    /// Rechecks a version folder anywhere (a published one or a copy), trusting the keys at
    /// `keyPaths`, and, when a project is given, its builds.yaml's trusted keys and signing
    /// rules; without one, releases must be signed.
    public static func verify(
        buildDirectory: String, keyPaths: [String], project: Project? = nil, config: BuildConfig? = nil
    ) async throws -> [VerificationFailure] {
        let policy = try TrustedKeys.policy(config: config, project: project, keyPaths: keyPaths)
        return await Verifier.verify(buildDirectory: buildDirectory, policy: policy)
    }

    /// Checks a model folder against an OpenSSF Model Signing bundle (`signature`; the
    /// folder's `model.sig` when nil), as `model_signing verify key` does, trusting the keys
    /// at `keyPaths` and, when a project is given, every build's `trusted_keys:`.
    public static func verify(
        modelFolder folder: String, signature: String?, keyPaths: [String], project: Project? = nil,
        config: BuildConfig? = nil
    ) async throws -> [VerificationFailure] {
        let bundle = signature ?? folder + "/model.sig"
        guard FileManager.default.fileExists(atPath: bundle) else {
            throw RequestError(
                .usage,
                "\(folder) holds no manifest.json (not a modelbuild version) and no model.sig; "
                    + "name its OpenSSF Model Signing bundle with --signature")
        }
        let policy = try TrustedKeys.policy(config: config, project: project, keyPaths: keyPaths)
        let keys = policy.keys + policy.keysByBuild.keys.sorted().flatMap { policy.keysByBuild[$0] ?? [] }
        return await ModelSigningCheck.verify(folder: folder, signature: bundle, keys: keys)
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
}
