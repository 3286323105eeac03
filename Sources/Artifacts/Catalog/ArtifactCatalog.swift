import Foundation
import Platform

/// Reading what is published in `artifacts/<model>/`: versions, manifests, refs.
public struct ArtifactCatalog: Sendable {
    public let layout: ArtifactLayout

    public init(layout: ArtifactLayout) {
        self.layout = layout
    }

    /// The version folders under `builds/`, by name.
    public func versionNames() throws(ArtifactsError) -> [String] {
        try onDisk { try FileSystem.sortedEntries(layout.builds) }.filter { !$0.hasPrefix(".") }
    }

    /// The exact bytes of `version`'s `manifest.json`; `.versionNotFound` when not published.
    public func manifestBytes(of version: String) throws(ArtifactsError) -> [UInt8] {
        guard try onDisk({ try FileSystem.status(layout.build(version)) }) != nil else {
            throw ArtifactsError(.versionNotFound, path: layout.build(version), reason: "version \(version) is not published")
        }
        return try onDisk { try FileSystem.readFile(layout.manifest(version)) }
    }

    /// `version`'s manifest.
    public func manifest(of version: String) throws(ArtifactsError) -> Manifest {
        try JSONFile.decode(Manifest.self, from: try manifestBytes(of: version), path: layout.manifest(version))
    }

    /// `sha256:<hex>` of `manifest.json`'s bytes.
    public func manifestDigest(of version: String) throws(ArtifactsError) -> String {
        "sha256:" + SHA256Digest.hex(try manifestBytes(of: version))
    }

    /// Every published version with what the listing and the report show, oldest first
    /// (by created time, then name).
    ///
    /// Each manifest is read and hashed; one whose digest `index.json` already summarises
    /// is not decoded again (a manifest of a large build is megabytes of JSON, and every
    /// publish lists every version), so a changed manifest is always summarised afresh.
    public func summaries() throws(ArtifactsError) -> [VersionSummary] {
        let known = indexedSummaries()
        var summaries: [VersionSummary] = []
        for version in try versionNames() {
            summaries.append(try summary(of: version, known: known))
        }
        return summaries.sorted { ($0.created, $0.version) < ($1.created, $1.version) }
    }

    /// `version`'s summary: the one in `known` under its manifest's digest, else made from
    /// the decoded manifest.
    private func summary(of version: String, known: [String: VersionSummary]) throws(ArtifactsError) -> VersionSummary {
        let bytes = try manifestBytes(of: version)
        let digest = "sha256:" + SHA256Digest.hex(bytes)
        if let summary = known[digest], summary.version == version { return summary }
        let manifest = try JSONFile.decode(Manifest.self, from: bytes, path: layout.manifest(version))
        return VersionSummary(manifest: manifest, manifestDigest: digest)
    }

    /// The summaries `index.json` holds, by manifest digest; none when it is missing or
    /// unreadable (they are then made from the manifests).
    private func indexedSummaries() -> [String: VersionSummary] {
        guard let versions = IndexedVersionSummaries.read(at: layout.indexJSON) else { return [:] }
        return Dictionary(versions.map { ($0.manifestDigest, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The summary of the version published last before `version` (every version when nil)
    /// that is still on disk, by `published.log`: what a version page draws its deltas against.
    public func summary(publishedBefore version: String?) throws(ArtifactsError) -> VersionSummary? {
        var log = try publishedLog().map(\.version)
        if let version, let position = log.firstIndex(of: version) { log = Array(log[..<position]) }
        for candidate in log.reversed() where candidate != version {
            guard try onDisk({ try FileSystem.status(layout.build(candidate)) }) != nil else { continue }
            return try summary(of: candidate, known: [:])
        }
        return nil
    }

    /// The ref `name`, or nil when it was never written.
    public func ref(_ name: String) throws(ArtifactsError) -> Ref? {
        guard try onDisk({ try FileSystem.status(layout.ref(name)) }) != nil else { return nil }
        return try JSONFile.read(Ref.self, at: layout.ref(name))
    }

    /// Every ref by name.
    public func refs() throws(ArtifactsError) -> [String: Ref] {
        var refs: [String: Ref] = [:]
        for name in try onDisk({ try FileSystem.sortedEntries(layout.refs) }) where !name.contains(".tmp-") {
            refs[name] = try JSONFile.read(Ref.self, at: layout.ref(name))
        }
        return refs
    }

    /// Every version ever published, including collected ones, in publishing order.
    public func publishedLog() throws(ArtifactsError) -> [PublishedLogEntry] {
        guard try onDisk({ try FileSystem.status(layout.publishedLog) }) != nil else { return [] }
        let text = String(decoding: try onDisk { try FileSystem.readFile(layout.publishedLog) }, as: UTF8.self)
        return text.split(separator: "\n").compactMap(PublishedLogEntry.init(line:))
    }

    /// The version `request` would get if published now, so a caller can refuse a taken
    /// version before running a long build. The publisher resolves again under its lock.
    public func proposedVersion(for request: VersionRequest) throws(ArtifactsError) -> String {
        let log = try publishedLog()
        let existing = Set(log.map(\.version)).union(try versionNames())
        var releases = log.filter { $0.kind == .release }.map(\.version)
        let logged = Set(log.map(\.version))
        for version in try versionNames() where !logged.contains(version) {
            if try manifest(of: version).build.kind == .release { releases.append(version) }
        }
        return try VersionNaming.resolve(request, existing: existing, releases: releases)
    }

    /// The newest release published before `version` (by created time), if any.
    public func previousRelease(before version: String? = nil) throws(ArtifactsError) -> VersionSummary? {
        let all = try summaries()
        let cutoff = version.flatMap { name in all.firstIndex { $0.version == name } } ?? all.count
        return all[..<cutoff].last { $0.kind == .release }
    }
}

/// One line of `published.log`: `<version> <kind> <manifestDigest>`.
public struct PublishedLogEntry: Sendable, Hashable {
    public var version: String
    public var kind: BuildKind
    public var manifestDigest: String

    public init(version: String, kind: BuildKind, manifestDigest: String) {
        self.version = version
        self.kind = kind
        self.manifestDigest = manifestDigest
    }

    init?(line: Substring) {
        let fields = line.split(separator: " ")
        guard fields.count == 3 else { return nil }
        self.init(version: String(fields[0]), kind: BuildKind(rawValue: String(fields[1])), manifestDigest: String(fields[2]))
    }

    var line: String { "\(version) \(kind.rawValue) \(manifestDigest)\n" }
}

/// What `modelbuild list` and the report show of one version.
public struct VersionSummary: Sendable, Hashable, Codable {
    public var version: String
    public var buildName: String
    public var kind: BuildKind
    public var created: Date
    public var taxonomyCommit: String
    public var metrics: [String: Double]
    public var rootDigest: String
    public var manifestDigest: String
    public var stages: [StageSpan]
    /// The leaves added, modified or removed since the build before (nil in an index
    /// written before it was recorded).
    public var changedLeaves: [String]?
    /// The run that built it (nil for versions published before manifests named it).
    public var runID: String?

    /// When a stage ran, for the timeline.
    public struct StageSpan: Sendable, Hashable, Codable {
        public var name: String
        public var startedAt: Date
        public var finishedAt: Date
        public var reused: Bool
    }

    init(
        version: String, buildName: String, kind: BuildKind, created: Date, taxonomyCommit: String,
        metrics: [String: Double], rootDigest: String, manifestDigest: String, stages: [StageSpan],
        changedLeaves: [String]?, runID: String?
    ) {
        self.version = version
        self.buildName = buildName
        self.kind = kind
        self.created = created
        self.taxonomyCommit = taxonomyCommit
        self.metrics = metrics
        self.rootDigest = rootDigest
        self.manifestDigest = manifestDigest
        self.stages = stages
        self.changedLeaves = changedLeaves
        self.runID = runID
    }

    public init(manifest: Manifest, manifestDigest: String) {
        version = manifest.version
        buildName = manifest.build.name
        kind = manifest.build.kind
        created = manifest.created
        taxonomyCommit = manifest.taxonomy.commit
        metrics = manifest.metrics
        rootDigest = manifest.rootDigest
        self.manifestDigest = manifestDigest
        changedLeaves = manifest.taxonomy.changedLeaves.map(\.path)
        runID = manifest.build.runID
        stages = manifest.stages.map {
            StageSpan(name: $0.name, startedAt: $0.startedAt, finishedAt: $0.finishedAt, reused: $0.reused)
        }
    }
}
