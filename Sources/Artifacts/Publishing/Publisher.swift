import Foundation
import Platform

/// Publishes finished builds into `artifacts/<model>/`, never leaving a half-written
/// version and never overwriting one.
///
/// Files are hashed in parallel first; then, under the publish lock, blobs are stored,
/// the version and its page (`VersionPage`) are written to `.staging/<random>` and
/// fsynced, renamed to `builds/<version>` with `renameat2(RENAME_NOREPLACE)`, the parent
/// fsynced, the version logged, the refs swapped atomically, and the index regenerated.
public struct Publisher: Sendable {
    public var layout: ArtifactLayout
    /// The provenance builder id.
    public var builderID: String
    public var lockTimeout: Duration
    /// How many files are hashed at once.
    public var hashingWidth: Int
    public var observer: PublishObserver?
    /// builds.yaml `report.metrics`, for the index; nil keeps what `index.json` has.
    public var primaryMetrics: [String]?
    /// The recorded runs, for the index's run history (the index shows the publishing run as
    /// publishing the version, which names it); nil keeps what `index.json` has.
    public var runs: [RunOutcome]?
    /// Told each sync that makes the blobs and the staging folder durable, with its path and
    /// whether it was a whole-file-system `syncfs` (true) or one `fsync` (false); for tests
    /// that check their count does not grow with the files.
    public var onSync: (@Sendable (_ path: String, _ wholeFileSystem: Bool) -> Void)?

    public init(
        layout: ArtifactLayout, builderID: String = ProvenanceStatement.defaultBuilderID,
        lockTimeout: Duration = .seconds(600), hashingWidth: Int = FileHasher.defaultWidth,
        observer: PublishObserver? = nil
    ) {
        self.layout = layout
        self.builderID = builderID
        self.lockTimeout = lockTimeout
        self.hashingWidth = hashingWidth
        self.observer = observer
    }

    /// Publishes `build` as the version `request` names, signed with `signingKey` when given.
    /// Throws `.versionExists` when that version is (or was) published.
    public func publish(
        _ build: FinishedBuild, version request: VersionRequest, signingKey: SigningKey? = nil
    ) async throws(ArtifactsError) -> PublishedBuild {
        let sources = try Self.sourceFiles(of: build)
        let digests = try await FileHasher.digests(ofFilesAt: sources.map(\.source), width: hashingWidth)
        try Self.checkExpectedDigests(sources, digests)
        observer?(.filesHashed, "")
        return try await PublishLock.withLock(layout, timeout: lockTimeout, whileWaiting: { observer?(.waitingForLock, "") }) {
            () throws(ArtifactsError) in
            observer?(.lockAcquired, "")
            try removeLeftovers()
            observer?(.stagingCleaned, "")
            let catalog = ArtifactCatalog(layout: layout)
            let log = try recordUnloggedVersions(catalog)
            let existing = Set(log.map(\.version)).union(try catalog.versionNames())
            let version = try VersionNaming.resolve(
                request, existing: existing, releases: log.filter { $0.kind == .release }.map(\.version))
            observer?(.versionResolved, version)

            let blobs: [String]
            do throws(ArtifactsError) {
                blobs = try storeBlobs(sources, digests)
            } catch {
                throw error.noting("nothing was published")
            }
            observer?(.blobsStored, version)

            let manifest = try makeManifest(build, version: version, sources: sources, digests: digests)
            let staging = layout.staging + "/" + UUID().uuidString.lowercased()
            let written: WrittenVersion
            do throws(ArtifactsError) {
                written = try writeStaging(
                    staging, build: build, manifest: manifest, sources: sources, blobs: blobs, signingKey: signingKey)
                observer?(.stagingWritten, version)
                try onDisk { try FileSystem.makeDirectories(layout.builds) }
                guard try renameNoReplace(staging, layout.build(version)) else {
                    throw VersionNaming.versionExists(version)
                }
            } catch {
                try? FileSystem.removeTree(staging)
                throw error.code == .systemCall ? error.noting("nothing was published") : error
            }

            let refNames = Ref.names(movedBy: build.kind)
            var step = "making its rename durable (fsync of builds/)"
            do throws(ArtifactsError) {
                try onDisk { try FileSystem.syncPath(layout.builds) }
                observer?(.versionRenamed, version)
                step = "appending it to published.log (the next publish logs it)"
                try appendToPublishedLog(PublishedLogEntry(version: version, kind: build.kind, manifestDigest: written.digest))
                observer?(.versionLogged, version)
                step = "moving the refs \(refNames.joined(separator: ", ")) to it (they still name the previous version)"
                try moveRefs(refNames, to: Ref(version: version, manifestDigest: written.digest))
                observer?(.refsMoved, version)
                step = "writing index.html and index.json (the next publish writes them)"
                try IndexReport(layout: layout, primaryMetrics: primaryMetrics, runs: runs).write()
                observer?(.indexWritten, version)
            } catch {
                throw ArtifactsError(
                    .publishedIncompletely, path: layout.build(version),
                    reason: "\(version) is published, whole and verifiable, but \(step) failed: \(error)",
                    cause: error.cause)
            }
            return PublishedBuild(
                version: version, path: layout.build(version), manifest: written.manifest,
                manifestDigest: written.digest, refs: refNames, signed: signingKey != nil)
        }
    }

    /// Rewrites `index.html` and `index.json` under the publish lock without publishing:
    /// after a run that failed or published nothing new, so the dashboard shows it.
    public func refreshIndex() async throws(ArtifactsError) {
        try await PublishLock.withLock(layout, timeout: lockTimeout) { () throws(ArtifactsError) in
            try onDisk { try FileSystem.makeDirectories(layout.root) }
            try IndexReport(layout: layout, primaryMetrics: primaryMetrics, runs: runs).write()
        }
    }

    /// Puts every source in the blob store; returns the blobs' paths in the same order.
    private func storeBlobs(_ sources: [SourceFile], _ digests: [FileDigest]) throws(ArtifactsError) -> [String] {
        let store = BlobStore(layout: layout)
        try onDisk { try FileSystem.makeDirectories(layout.blobs) }
        var blobs: [String] = []
        for (source, digest) in zip(sources, digests) {
            blobs.append(try store.store(source: source.source, digest: digest, durable: false))
        }
        // One syncfs for every blob and the folder's entries, not two fsyncs per blob.
        try syncFileSystem(layout.blobs)
        return blobs
    }

    /// Swaps each ref to `ref`, one atomic replace each.
    private func moveRefs(_ names: [String], to ref: Ref) throws(ArtifactsError) {
        for name in names {
            try replaceAtomically(layout.ref(name), with: try JSONFile.encode(ref, path: layout.ref(name)))
        }
    }

    /// The published files with their sources: the build's files, then each stage's log as
    /// `logs/<stage>.log` (a `/` in a stage name becomes `__`). Paths are checked.
    static func sourceFiles(of build: FinishedBuild) throws(ArtifactsError) -> [SourceFile] {
        var files = build.files
        for stage in build.stages {
            if let log = stage.logSource {
                files.append(SourceFile(path: logPath(of: stage.record.name), source: log))
            }
        }
        var seen = Set<String>()
        for file in files {
            try FilePathRules.check(file.path)
            guard seen.insert(file.path).inserted else {
                throw ArtifactsError(.invalidFilePath, path: file.path, reason: "listed twice in the build's files")
            }
        }
        return files
    }

    /// Refuses the build when a source does not hash to the digest its producer recorded.
    static func checkExpectedDigests(_ sources: [SourceFile], _ digests: [FileDigest]) throws(ArtifactsError) {
        for (source, digest) in zip(sources, digests) {
            guard let expected = source.expectedSHA256, expected != digest.sha256 else { continue }
            throw ArtifactsError(
                .damagedSource, path: source.source,
                reason: "\(source.path) should have SHA-256 \(expected) but has \(digest.sha256): the output store was "
                    + "changed in place; nothing was published. Run `modelbuild verify --store` (it removes the damaged "
                    + "entry) and build again, which reruns the stage that made it")
        }
    }

    static func logPath(of stage: String) -> String {
        "logs/" + stage.replacingOccurrences(of: "/", with: "__") + ".log"
    }

    private func makeManifest(
        _ build: FinishedBuild, version: String, sources: [SourceFile], digests: [FileDigest]
    ) throws(ArtifactsError) -> Manifest {
        var sha256ByPath: [String: String] = [:]
        let files = zip(sources, digests).map { source, digest in
            sha256ByPath[source.path] = digest.sha256
            return Manifest.File(path: source.path, size: digest.size, sha256: digest.sha256)
        }.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        let stages = build.stages.map { stage in
            var record = stage.record
            if stage.logSource != nil {
                let path = Self.logPath(of: record.name)
                record.log = Manifest.Log(path: path, sha256: sha256ByPath[path] ?? "")
            }
            return record
        }
        let created = Date(timeIntervalSince1970: build.created.timeIntervalSince1970.rounded(.down))
        var manifest = Manifest(
            name: build.model, version: version, build: Manifest.Build(name: build.buildName, kind: build.kind, runID: build.runID),
            created: created, taxonomy: build.taxonomy, baseModel: build.baseModel, stages: stages, files: files,
            rootDigest: RootDigest.compute(files), metrics: build.metrics, contributions: build.contributions)
        manifest.confirmsCandidates = build.confirmsCandidates
        return manifest
    }

    private struct WrittenVersion {
        var manifest: Manifest
        var digest: String
    }

    /// Writes the whole version into `staging` and makes it durable: one `syncfs` for every
    /// file, link and folder in it, then an fsync of `.staging`.
    private func writeStaging(
        _ staging: String, build: FinishedBuild, manifest: Manifest, sources: [SourceFile], blobs: [String],
        signingKey: SigningKey?
    ) throws(ArtifactsError) -> WrittenVersion {
        try onDisk { try FileSystem.makeDirectories(staging + "/files") }
        var folders: Set<String> = [staging, staging + "/files"]
        for (source, blob) in zip(sources, blobs) {
            let destination = staging + "/files/" + source.path
            let folder = FileSystem.splitLastComponent(destination).directory
            if !folders.contains(folder) {
                try onDisk { try FileSystem.makeDirectories(folder) }
                var walk = folder
                while walk.count > staging.count, folders.insert(walk).inserted { walk = FileSystem.splitLastComponent(walk).directory }
            }
            guard try onDisk({ try FileSystem.hardLink(blob, destination) }) else {
                throw ArtifactsError(
                    FileSystemError(operation: "link", path: "\(blob) → \(destination)", code: FileSystemError.Code.exists))
            }
        }
        var manifest = manifest
        manifest.cards = []
        for card in ModelCard.cards(of: manifest) {
            try onDisk { try FileSystem.writeNewFile(card.bytes, to: staging + "/" + card.name, permissions: 0o444) }
            manifest.cards?.append(
                Manifest.CardFile(path: card.name, size: Int64(card.bytes.count), sha256: SHA256Digest.hex(card.bytes)))
        }
        let manifestBytes = try JSONFile.encode(manifest, path: layout.manifest(manifest.version))
        try onDisk { try FileSystem.writeNewFile(manifestBytes, to: staging + "/manifest.json", permissions: 0o444) }
        let provenance = ProvenanceStatement(manifest: manifest, build: build, builderID: builderID)
        let provenanceBytes = try JSONFile.encode(provenance, path: layout.provenance(manifest.version))
        try onDisk { try FileSystem.writeNewFile(provenanceBytes, to: staging + "/provenance.json", permissions: 0o444) }
        if let signingKey {
            let envelope = try SignatureEnvelope(signing: manifestBytes, with: signingKey)
            let envelopeBytes = try JSONFile.encode(envelope, path: layout.signature(manifest.version))
            try onDisk { try FileSystem.writeNewFile(envelopeBytes, to: staging + "/manifest.sig.json", permissions: 0o444) }
            if signingKey.algorithm == .ecdsaP256 {
                let bundle = try ModelSigningBundle(signing: ModelSigningStatement(manifest), with: signingKey)
                let bundleBytes = try bundle.encoded(path: layout.modelSignature(manifest.version))
                try onDisk { try FileSystem.writeNewFile(bundleBytes, to: staging + "/model.sig", permissions: 0o444) }
            }
        }
        let page = VersionPage.html(
            manifest, manifestDigest: "sha256:" + SHA256Digest.hex(manifestBytes), signed: signingKey != nil,
            previous: try ArtifactCatalog(layout: layout).summary(publishedBefore: nil))
        try onDisk { try FileSystem.writeNewFile(Array(page.utf8), to: staging + "/index.html", permissions: 0o444) }
        // One syncfs makes every link, folder and file in staging durable: an fsync per
        // folder cost one call per leaf folder (thousands at 1,000 leaves).
        try syncFileSystem(staging)
        try onDisk { try FileSystem.syncPath(layout.staging) }
        onSync?(layout.staging, false)
        let decoded = try JSONFile.decode(Manifest.self, from: manifestBytes, path: layout.manifest(manifest.version))
        return WrittenVersion(manifest: decoded, digest: "sha256:" + SHA256Digest.hex(manifestBytes))
    }

    /// `syncfs` of the file system holding `path`.
    private func syncFileSystem(_ path: String) throws(ArtifactsError) {
        try onDisk { try FileSystem.syncFileSystem(path) }
        onSync?(path, true)
    }

    private func appendToPublishedLog(_ entry: PublishedLogEntry) throws(ArtifactsError) {
        let path = layout.publishedLog
        try onDisk { try FileSystem.append(Array(entry.line.utf8), to: path, durable: true) }
    }

    /// Appends to `published.log` the versions a publisher killed between its rename and its
    /// log entry left unrecorded; returns the complete log.
    private func recordUnloggedVersions(_ catalog: ArtifactCatalog) throws(ArtifactsError) -> [PublishedLogEntry] {
        var log = try catalog.publishedLog()
        let logged = Set(log.map(\.version))
        for version in try catalog.versionNames() where !logged.contains(version) {
            let entry = PublishedLogEntry(
                version: version, kind: try catalog.manifest(of: version).build.kind,
                manifestDigest: try catalog.manifestDigest(of: version))
            try appendToPublishedLog(entry)
            log.append(entry)
        }
        return log
    }

    /// Removes what publishers, signers and collectors killed part-way left: `.staging/*`
    /// (versions not yet renamed into place, versions being collected) and the temporary
    /// files of atomic writes (`.tmp-*`) beside the refs, the index, the published log and
    /// the blobs. Only called under the lock, so no live writer is using them.
    /// - Returns: the paths removed.
    @discardableResult
    func removeLeftovers() throws(ArtifactsError) -> [String] {
        var removed: [String] = []
        for name in try onDisk({ try FileSystem.sortedEntries(layout.staging) }) {
            try onDisk { try FileSystem.removeTree(layout.staging + "/" + name) }
            removed.append(layout.staging + "/" + name)
        }
        for folder in [layout.root, layout.refs, layout.blobs] {
            for name in try onDisk({ try FileSystem.sortedEntries(folder) }) where name.hasPrefix(AtomicFile.temporaryPrefix) {
                try onDisk { try FileSystem.removeFile(folder + "/" + name) }
                removed.append(folder + "/" + name)
            }
        }
        return removed
    }
}

/// What a path under `files/` may be.
enum FilePathRules {
    static func check(_ path: String) throws(ArtifactsError) {
        func refuse(_ why: String) -> ArtifactsError { ArtifactsError(.invalidFilePath, path: path, reason: why) }
        if path.isEmpty { throw refuse("a file path is empty") }
        if path.hasPrefix("/") { throw refuse("a file path must be relative to files/") }
        if path.contains("\n") || path.contains("\\") || path.contains("\0") {
            throw refuse("a file path may not hold a newline, a backslash or NUL")
        }
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            if component.isEmpty || component == "." || component == ".." {
                throw refuse("a file path may not have empty, '.' or '..' components")
            }
        }
    }
}

extension Publisher {
    /// Renames the staged version into place unless one is there; a file system that
    /// cannot rename without replacing is `.renameNoReplaceUnsupported`, since publishing
    /// there would risk an overwrite.
    func renameNoReplace(_ staging: String, _ destination: String) throws(ArtifactsError) -> Bool {
        do {
            return try FileSystem.renameNoReplace(staging, destination)
        } catch where error.isUnsupported {
            throw ArtifactsError(
                .renameNoReplaceUnsupported, path: destination,
                reason: "the filesystem refuses renameat2(RENAME_NOREPLACE) (\(error.reason)); "
                    + "publish to a local filesystem such as ext4, xfs or btrfs",
                cause: error)
        } catch {
            throw ArtifactsError(error)
        }
    }
}
