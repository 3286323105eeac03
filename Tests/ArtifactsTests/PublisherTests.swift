import Artifacts
import Foundation
import Testing
import TestSupport

@Suite struct PublisherTests {
    @Test func publishesTheDocumentedLayout() async throws {
        try await withFixture { fixture in
            let published = try await fixture.publisher.publish(
                try fixture.build(), version: .template("nightly-{date}", date: BuildFixture.day))
            let layout = fixture.layout
            #expect(published.version == "nightly-2026-11-27")
            #expect(published.refs == ["latest", "nightly"])

            let manifest = try fixture.catalog.manifest(of: published.version)
            #expect(manifest == published.manifest)
            #expect(manifest.files.map(\.path) == [
                "evaluate/result.json", "generate/train.jsonl", "logs/evaluate.log", "logs/generate.log", "logs/train.log",
                "train/model.json",
            ])
            #expect(manifest.stages.map(\.log?.path) == ["logs/evaluate.log", "logs/generate.log", "logs/train.log"])
            #expect(manifest.taxonomy.mergedCommits.first?.pullRequest == 123)

            for file in manifest.files {
                let blob = layout.blob(file.sha256)
                #expect(try mode(of: blob) == 0o444)
                #expect(try inode(of: blob) == inode(of: layout.files(published.version) + "/" + file.path))
            }
            let ref = try #require(try fixture.catalog.ref("nightly"))
            #expect(ref == Ref(version: published.version, manifestDigest: published.manifestDigest))
            #expect(try fixture.catalog.ref("latest") == ref)
            #expect(try fixture.catalog.ref("release") == nil)
            #expect(try fixture.catalog.publishedLog().map(\.version) == [published.version])
            #expect(FileManager.default.fileExists(atPath: layout.indexHTML))
            #expect(try SystemFolder.names(layout.staging).isEmpty)
            #expect(await Verifier(layout: layout).verifyAll().isEmpty)
        }
    }

    /// The blobs and the staging folder are made durable by a fixed number of syncs, not an
    /// fsync per blob and per folder: at 1,000 leaves that was thousands of fsyncs.
    @Test func theSyncsOfAPublishDoNotGrowWithItsFiles() async throws {
        func syncs(publishing files: [String: String], version: String) async throws -> [String] {
            try await withFixture { fixture in
                let recorded = SyncRecorder()
                var publisher = fixture.publisher
                publisher.onSync = { path, wholeFileSystem in
                    recorded.append((wholeFileSystem ? "syncfs " : "fsync ") + path)
                }
                let published = try await publisher.publish(try fixture.build(files: files), version: .semantic(version))
                #expect(published.manifest.files.count == files.count + 3)
                #expect(await Verifier(layout: fixture.layout).verifyAll().isEmpty)
                return recorded.paths.map { $0.replacingOccurrences(of: fixture.directory.path, with: "") }
            }
        }
        var many: [String: String] = [:]
        for leaf in 0..<40 { many["generate/domain_\(leaf % 4)/leaf_\(leaf)/train.jsonl"] = "{\"leaf\": \(leaf)}\n" }
        let few = try await syncs(publishing: BuildFixture.defaultFiles, version: "1.0.0")
        let manyFiles = try await syncs(publishing: many, version: "1.0.0")
        #expect(few.count == 3)
        #expect(manyFiles.count == few.count, "\(manyFiles)")
    }

    /// The root digest is documented as `sha256sum`'s output over the sorted files, hashed.
    @Test func rootDigestMatchesTheSha256sumPipeline() async throws {
        try await withFixture { fixture in
            let published = try await fixture.publisher.publish(try fixture.build(), version: .semantic("1.0.0"))
            let result = try await runProgram(
                "/bin/sh", ["-c", "find . -type f | sed 's|^\\./||' | LC_ALL=C sort | xargs sha256sum | sha256sum"],
                in: URL(fileURLWithPath: fixture.layout.files(published.version)))
            #expect(result.status == 0)
            #expect(result.standardOutput.prefix(64) == published.manifest.rootDigest)
        }
    }

    @Test func manifestIsStableSortedJSON() async throws {
        try await withFixture { fixture in
            let published = try await fixture.publisher.publish(try fixture.build(), version: .semantic("1.0.0"))
            let bytes = try Data(contentsOf: URL(fileURLWithPath: fixture.layout.manifest(published.version)))
            #expect(Array(bytes) == (try JSONFile.encode(published.manifest, path: "manifest.json")))
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.contains("\"created\" : \"2026-11-27T04:00:00Z\""))
            let keys = try #require(try JSONSerialization.jsonObject(with: bytes) as? [String: Any]).keys
            #expect(Set(keys) == [
                "baseModel", "build", "cards", "created", "files", "metrics", "name", "rootDigest", "schemaVersion",
                "stages", "taxonomy", "version",
            ])
        }
    }

    @Test func provenanceIsAnInTotoStatementOverTheRootDigest() async throws {
        try await withFixture { fixture in
            let build = try fixture.build(kind: .release)
            let published = try await fixture.publisher.publish(build, version: .semantic("1.4.0"))
            let statement = try JSONFile.read(ProvenanceStatement.self, at: fixture.layout.provenance("1.4.0"))
            #expect(statement.type == "https://in-toto.io/Statement/v1")
            #expect(statement.predicateType == "https://slsa.dev/provenance/v1")
            #expect(statement.subject.map(\.name) == ["lab-model@1.4.0"])
            #expect(statement.subject.first?.digest == ["sha256": published.manifest.rootDigest])
            let definition = statement.predicate.buildDefinition
            #expect(definition.externalParameters["version"] == .string("1.4.0"))
            #expect(definition.externalParameters["configDigest"] == .string(build.configDigest))
            #expect(definition.resolvedDependencies.first?.uri == "git+https://github.com/instructlab/taxonomy.git")
            #expect(definition.resolvedDependencies.first?.digest == ["gitCommit": BuildFixture.commit])
            #expect(definition.resolvedDependencies.last?.digest == ["sha256": String(repeating: "b", count: 64)])
            let run = statement.predicate.runDetails
            #expect(run.metadata.invocationId == build.runID)
            #expect(run.byproducts.map(\.name) == ["files/logs/evaluate.log", "files/logs/generate.log", "files/logs/train.log"])
            let text = try String(contentsOfFile: fixture.layout.provenance("1.4.0"), encoding: .utf8)
            #expect(text.contains("\"_type\" : \"https://in-toto.io/Statement/v1\""))
        }
    }

    @Test func secondNightlyTheSameDayGetsASuffixAndSharesBlobs() async throws {
        try await withFixture { fixture in
            let request = VersionRequest.template("nightly-{date}", date: BuildFixture.day)
            let first = try await fixture.publisher.publish(try fixture.build(), version: request)
            let second = try await fixture.publisher.publish(try fixture.build(), version: request)
            let third = try await fixture.publisher.publish(try fixture.build(), version: request)
            #expect([first.version, second.version, third.version] == [
                "nightly-2026-11-27", "nightly-2026-11-27.2", "nightly-2026-11-27.3",
            ])
            let path = "train/model.json"
            #expect(
                try inode(of: fixture.layout.files(first.version) + "/" + path)
                    == inode(of: fixture.layout.files(third.version) + "/" + path))
            #expect(try fixture.catalog.ref("latest")?.version == third.version)
        }
    }

    @Test func anExistingVersionIsNeverOverwritten() async throws {
        try await withFixture { fixture in
            let first = try await fixture.publisher.publish(try fixture.build(kind: .release), version: .semantic("1.4.0"))
            let error = await #expect(throws: ArtifactsError.self) {
                try await fixture.publisher.publish(
                    try fixture.build(kind: .release, files: ["x": "other"]), version: .semantic("1.4.0"))
            }
            #expect(error?.code == .versionExists)
            #expect(try fixture.catalog.manifestDigest(of: "1.4.0") == first.manifestDigest)
            #expect(try SystemFolder.names(fixture.layout.staging).isEmpty)
        }
    }

    @Test func theCatalogProposesTheNextVersionBeforeABuildRuns() async throws {
        try await withFixture { fixture in
            #expect(try fixture.catalog.proposedVersion(for: .bump(.minor)) == "0.1.0")
            _ = try await fixture.publisher.publish(try fixture.build(kind: .release), version: .semantic("1.0.0"))
            _ = try await fixture.publisher.publish(try fixture.build(), version: .semantic("7.0.0-nightly"))
            #expect(try fixture.catalog.proposedVersion(for: .bump(.minor)) == "1.1.0")
            #expect(
                try fixture.catalog.proposedVersion(for: .template("nightly-{date}", date: BuildFixture.day))
                    == "nightly-2026-11-27")
            let error = #expect(throws: ArtifactsError.self) { try fixture.catalog.proposedVersion(for: .semantic("1.0.0")) }
            #expect(error?.code == .versionExists)
        }
    }

    @Test func aCollectedVersionIsNotReused() async throws {
        try await withFixture { fixture in
            _ = try await fixture.publisher.publish(try fixture.build(kind: .release), version: .semantic("1.0.0"))
            try FileManager.default.removeItem(atPath: fixture.layout.build("1.0.0"))
            let error = await #expect(throws: ArtifactsError.self) {
                try await fixture.publisher.publish(try fixture.build(kind: .release), version: .semantic("1.0.0"))
            }
            #expect(error?.code == .versionExists)
            let bumped = try await fixture.publisher.publish(try fixture.build(kind: .release), version: .bump(.patch))
            #expect(bumped.version == "1.0.1")
        }
    }

    @Test func concurrentPublishesOfTheSameVersionHaveExactlyOneWinner() async throws {
        try await withFixture { fixture in
            let builds = try (0..<4).map { index in
                try fixture.build(kind: .release, files: ["model.bin": "weights \(index)"])
            }
            let publisher = fixture.publisher
            let outcomes = await withTaskGroup(of: Result<PublishedBuild, ArtifactsError>.self) { group in
                for build in builds {
                    group.addTask {
                        do throws(ArtifactsError) {
                            return .success(try await publisher.publish(build, version: .semantic("2.0.0")))
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let winners = outcomes.compactMap { try? $0.get() }
            #expect(winners.count == 1)
            let losers = outcomes.compactMap { outcome -> ArtifactsError? in
                if case .failure(let error) = outcome { return error }
                return nil
            }
            #expect(losers.map(\.code) == [.versionExists, .versionExists, .versionExists])
            #expect(try fixture.catalog.versionNames() == ["2.0.0"])
            #expect(await Verifier(layout: fixture.layout, policy: .unsignedReleasesAllowed).verifyAll().isEmpty)
        }
    }

    @Test func concurrentNightliesGetDistinctVersions() async throws {
        try await withFixture { fixture in
            let builds = try (0..<3).map { index in try fixture.build(files: ["model.bin": "weights \(index)"]) }
            let publisher = fixture.publisher
            let versions = try await withThrowingTaskGroup(of: String.self) { group in
                for build in builds {
                    group.addTask {
                        try await publisher.publish(build, version: .template("nightly-{date}", date: BuildFixture.day)).version
                    }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(versions == ["nightly-2026-11-27", "nightly-2026-11-27.2", "nightly-2026-11-27.3"])
        }
    }

    @Test(arguments: ["/etc/passwd", "../up", "a//b", "a/./b", "new\nline", "back\\slash", ""])
    func unsafeFilePathsAreRefused(_ path: String) async throws {
        try await withFixture { fixture in
            var build = try fixture.build()
            build.files.append(SourceFile(path: path, source: build.files[0].source))
            let error = await #expect(throws: ArtifactsError.self) {
                try await fixture.publisher.publish(build, version: .semantic("1.0.0"))
            }
            #expect(error?.code == .invalidFilePath)
            #expect(error?.path == path)
        }
    }

    @Test func leftoverStagingIsCleanedUnderTheLock() async throws {
        try await withFixture { fixture in
            let leftover = fixture.layout.staging + "/abandoned/files"
            try FileManager.default.createDirectory(atPath: leftover, withIntermediateDirectories: true)
            try Data("half".utf8).write(to: URL(fileURLWithPath: leftover + "/x"))
            _ = try await fixture.publisher.publish(try fixture.build(), version: .semantic("1.0.0"))
            #expect(try SystemFolder.names(fixture.layout.staging).isEmpty)
        }
    }

    @Test func theLockMakesASecondPublisherWait() async throws {
        try await withFixture { fixture in
            let held = try await PublishLock.acquire(fixture.layout)
            let publisher = Publisher(layout: fixture.layout, lockTimeout: .milliseconds(200))
            let error = await #expect(throws: ArtifactsError.self) {
                try await publisher.publish(try fixture.build(), version: .semantic("1.0.0"))
            }
            #expect(error?.code == .lockTimeout)
            held.release()
            _ = try await publisher.publish(try fixture.build(), version: .semantic("1.0.0"))
        }
    }
}

/// Listing a folder that may not exist.
enum SystemFolder {
    static func names(_ path: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: path)
    }
}

/// The syncs a publisher reports, from any thread.
private final class SyncRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [String] = []
    var paths: [String] { lock.withLock { recorded } }
    func append(_ path: String) { lock.withLock { recorded.append(path) } }
}
