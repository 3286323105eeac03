import Artifacts
import Foundation
import StageProtocol
import TestSupport

/// Finished builds made of real files in a test's temporary folder.
struct BuildFixture {
    let directory: URL
    var layout: ArtifactLayout { ArtifactLayout(root: directory.path + "/artifacts/lab-model") }
    var catalog: ArtifactCatalog { ArtifactCatalog(layout: layout) }
    var publisher: Publisher { Publisher(layout: layout) }

    static let commit = "0123456789abcdef0123456789abcdef01234567"
    static let day = Date(timeIntervalSince1970: 1_795_752_000)  // 2026-11-27T04:00:00Z

    /// Writes `files` (path → contents) and a log per stage under a fresh source folder and
    /// returns the build that publishes them.
    func build(
        kind: BuildKind = .nightly, created: Date = BuildFixture.day, files: [String: String] = defaultFiles,
        metrics: [String: Double] = ["evaluate.f1": 0.71, "evaluate.exact_match": 0.5],
        stageKeys: [String: String] = defaultStageKeys
    ) throws -> FinishedBuild {
        let sources = directory.appendingPathComponent("sources-\(UUID().uuidString)")
        for (path, contents) in files {
            let url = sources.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url)
        }
        var stages: [FinishedStage] = []
        var start = created.addingTimeInterval(-600)
        for name in stageKeys.keys.sorted() {
            let log = sources.appendingPathComponent("\(name).log")
            try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
            try Data("running \(name)\n".utf8).write(to: log)
            let record = Manifest.Stage(
                name: name, cacheKey: stageKeys[name]!,
                implementation: Manifest.Implementation(kind: "builtin", name: "builtin/\(name)", version: "0.1.0"),
                params: ["seed": .integer(42), "variants": .integer(4)], inputDigests: [:],
                outputs: files.keys.sorted().filter { $0.hasPrefix(name) }, attempts: 1, exitStatus: 0, host: "worker-1",
                startedAt: start, finishedAt: start.addingTimeInterval(100), reused: false)
            stages.append(FinishedStage(record: record, logSource: log.path))
            start = start.addingTimeInterval(120)
        }
        return FinishedBuild(
            model: "lab-model", buildName: kind.rawValue, kind: kind, created: created,
            taxonomy: Manifest.Taxonomy(
                url: "https://github.com/instructlab/taxonomy.git", commit: Self.commit,
                previousCommit: "fedcba9876543210fedcba9876543210fedcba98",
                mergedCommits: [
                    Manifest.MergedCommit(
                        commit: Self.commit, pullRequest: 123, subject: "Merge pull request #123 from ann/birds",
                        author: "Ann <ann@example.com>")
                ],
                changedLeaves: [
                    Manifest.ChangedLeaf(
                        path: "knowledge/science/birds", change: .added, blob: "89abcdef0123456789abcdef0123456789abcdef")
                ]),
            baseModel: Manifest.BaseModel(name: "example/base-7b", uri: "file:///models/base-7b", digest: String(repeating: "b", count: 64)),
            stages: stages,
            files: files.keys.sorted().map { SourceFile(path: $0, source: sources.appendingPathComponent($0).path) },
            metrics: metrics, configDigest: String(repeating: "a", count: 64), runID: "run-\(UUID().uuidString)",
            startedOn: created.addingTimeInterval(-600), finishedOn: created)
    }

    static let defaultFiles = [
        "train/model.json": "{\"weights\": [1, 2, 3]}\n",
        "generate/train.jsonl": "{\"id\": \"1\"}\n",
        "evaluate/result.json": "{\"metrics\": {\"f1\": 0.71}}\n",
    ]
    static let defaultStageKeys = [
        "generate": String(repeating: "1", count: 64), "train": String(repeating: "2", count: 64),
        "evaluate": String(repeating: "3", count: 64),
    ]
}

func withFixture<T>(_ body: (BuildFixture) async throws -> T) async throws -> T {
    try await withTemporaryDirectory { try await body(BuildFixture(directory: $0)) }
}

/// The mode bits of a path.
func mode(of path: String) throws -> Int {
    (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

/// The inode of a path.
func inode(of path: String) throws -> UInt64 {
    (try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
}

/// The folder `swift build` put the test bundle and our executables in.
var buildProductsFolder: String {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
}

extension TrustPolicy {
    /// For tests of integrity rather than signing: releases published without a key pass.
    static let unsignedReleasesAllowed = TrustPolicy(signedKinds: [])
}
