import Artifacts
import Foundation
import BuildConfiguration
import Platform
import Runner

/// What `modelbuild release` was asked for.
public struct ReleaseRequest: Sendable {
    /// `1.4.0`, or a bump of the last release.
    public var version: VersionRequest
    /// Promote this published nightly when its stage keys match what the release runs.
    public var from: String?
    /// Build this taxonomy commit instead of the branch head.
    public var commit: String?
    public var signingKey: SigningKey?

    public init(version: VersionRequest, from: String? = nil, commit: String? = nil, signingKey: SigningKey? = nil) {
        self.version = version
        self.from = from
        self.commit = commit
        self.signingKey = signingKey
    }
}

/// How a release ended: a nightly promoted as it was, or a build.
public enum ReleaseOutcome: Sendable {
    case promoted(PublishedBuild, nightly: String)
    case built(BuildOutcome)
}

extension BuildSession {
    /// Cuts a release with the first release-kind build of builds.yaml: promotes `--from`
    /// when its stage keys equal what the release would run (saying so), rebuilds
    /// otherwise; gates, signing and a new immutable version either way.
    public func release(
        _ request: ReleaseRequest, config: BuildConfig,
        onEvent: @escaping @Sendable (JournalRecord) -> Void = { _ in },
        note: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> ReleaseOutcome {
        guard let build = config.builds.first(where: { $0.kind == .release }) else {
            throw BuildPreparationError("builds.yaml declares no release build (a build with version: semver)")
        }
        // One release at a time: two `--bump patch` must not publish two versions.
        try FileManager.default.createDirectory(atPath: state.path, withIntermediateDirectories: true)
        let buildLock = try BuildLock.acquire(build: build.name, in: state)
        defer { buildLock.release() }
        // The nightly's base model is looked up in the store before the build runs.
        let storeLock = try await lockStore(note: note)
        defer { storeLock.release() }
        var options = BuildOptions(
            build: build.name, force: .build, version: request.version, signingKey: request.signingKey)
        options.heldBuildLock = buildLock
        options.pin = request.commit.map { TaxonomyPin(commit: $0, previous: nil) }
        // The key and the version are checked before anything is fetched or planned.
        try checkPublishable(options, config: config)
        if let nightly = request.from {
            let catalog = ArtifactCatalog(layout: try artifactLayout(config))
            let manifest = try catalog.manifest(of: nightly)
            options.pin = TaxonomyPin(commit: manifest.taxonomy.commit, previous: manifest.taxonomy.previousCommit)
            if let base = try plannedBaseModel(of: nightly, in: catalog) {
                options.baseModel = BaseModelInput(
                    name: manifest.baseModel?.name ?? "none", path: storedModelPath(base.storeKey), digest: base.digest,
                    storeKey: base.storeKey)
            }
            let planned = try await plan(options, config: config, note: note)
            let keys = Dictionary(planned.map { ($0.job.id, $0.job.cacheKey) }, uniquingKeysWith: { first, _ in first })
            let differences = Promotion.differences(manifest, plannedKeys: keys)
            if differences.isEmpty {
                note("\(nightly)'s stage keys match what release \(build.name) runs: promoting it without rebuilding")
                let finished = try Promotion.releaseBuild(
                    promoting: nightly, in: catalog, buildName: build.name, created: Date(),
                    configDigest: (try? Data(contentsOf: URL(fileURLWithPath: project.configPath)))
                        .map { SHA256Digest.hex($0) } ?? "",
                    runID: "promoted-from-\(nightly)")
                let published = try await publish(
                    finished, build: build, config: config, request: request.version, signingKey: request.signingKey,
                    note: note)
                await pushToRegistries(published, kind: build.kind.rawValue, config: config, note: note)
                return .promoted(published, nightly: nightly)
            }
            note(
                "\(nightly) cannot be promoted; its stage keys differ from the release's (\(differences.map(\.stage).sorted().joined(separator: ", "))): rebuilding at its commit \(manifest.taxonomy.commit.prefix(12))"
            )
        }
        return .built(try await run(options, config: config, onEvent: onEvent, note: note))
    }

    /// The base model `version` was planned with, from its provenance: its digest as keyed,
    /// and the store entry holding it when a build trained it.
    private func plannedBaseModel(
        of version: String, in catalog: ArtifactCatalog
    ) throws -> (digest: String, storeKey: String?)? {
        let path = catalog.layout.provenance(version)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let statement = try JSONFile.decode(ProvenanceStatement.self, from: Array(data), path: path)
        let parameters = statement.predicate.buildDefinition.internalParameters
        guard case .string(let digest)? = parameters[BuildPublication.baseModelKeyParameter] else { return nil }
        if case .string(let key)? = parameters[BuildPublication.baseModelStoreKeyParameter] { return (digest, key) }
        // Versions published before content digests keyed the base as `store:<key>`.
        return (digest, digest.hasPrefix("store:") ? String(digest.dropFirst("store:".count)) : nil)
    }

    /// The store folder of the model stored as `key`, when the store still has it.
    private func storedModelPath(_ key: String?) -> String? {
        guard let key, let store = try? state.openStore() else { return nil }
        return store.contains(key) ? try? store.directory(key) : nil
    }
}
