// Publishing a 1 GiB model, side by side with `sha256sum` over the same files.
//
// usage: swift run -c release PublishBenchmark [total MiB = 1024] [files = 8] [rounds = 3]
//
// Many small files (a build of many leaves publishes thousands) are written as
// `PublishBenchmark 12 3000`: each file holds total / files bytes, rounded down to KiB.
//
// Files of random bytes are written to a temporary folder on the same filesystem as the
// artifacts folder (so blobs are hard links and publishing costs what hashing costs), read
// once to warm the page cache, then each round times `sha256sum` over them, the parallel
// hasher alone, and a whole publish. The best round of each is reported, with ratios.
import Artifacts
import Foundation
import Subprocess
import SystemPackage

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let totalMiB = arguments.count > 0 ? arguments[0] : 1024
let fileCount = arguments.count > 1 ? arguments[1] : 8
let rounds = arguments.count > 2 ? arguments[2] : 3

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("publish-benchmark-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder.appendingPathComponent("sources"), withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }

/// xorshift64*: fast, good enough bytes that no filesystem compresses or deduplicates.
func fill(_ buffer: inout [UInt64], _ state: inout UInt64) {
    for index in buffer.indices {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        buffer[index] = state &* 0x2545_F491_4F6C_DD1D
    }
}

var paths: [String] = []
let perFileKiB = totalMiB * 1024 / fileCount
var chunk = [UInt64](repeating: 0, count: (1 << 20) / 8)
var state: UInt64 = 0x9E37_79B9_7F4A_7C15
for index in 0..<fileCount {
    let path = folder.appendingPathComponent("sources/part-\(index).bin").path
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    var remainingKiB = perFileKiB
    while remainingKiB > 0 {
        let kib = min(remainingKiB, 1024)
        fill(&chunk, &state)
        try chunk.withUnsafeBytes { try handle.write(contentsOf: Data($0.prefix(kib * 1024))) }
        remainingKiB -= kib
    }
    try handle.close()
    paths.append(path)
}
print("\(fileCount) files of \(perFileKiB) KiB (\(perFileKiB * fileCount / 1024) MiB), \(ProcessInfo.processInfo.activeProcessorCount) cores")
_ = try await FileHasher.digests(ofFilesAt: paths)  // warms the page cache

func seconds(_ body: () async throws -> Void) async rethrows -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    try await body()
    let elapsed = clock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

var best = (sha256sum: Double.infinity, serial: Double.infinity, hashing: Double.infinity, publish: Double.infinity)
let layout = ArtifactLayout(root: folder.appendingPathComponent("artifacts/bench-model").path)
for round in 1...rounds {
    let sha256sum = try await seconds {
        let result = try await run(.name("sha256sum"), arguments: Arguments(paths), output: .discarded, error: .discarded)
        guard result.terminationStatus.isSuccess else { throw CocoaError(.fileReadUnknown) }
    }
    let serial = try await seconds { _ = try await FileHasher.digests(ofFilesAt: paths, width: 1) }
    let hashing = try await seconds { _ = try await FileHasher.digests(ofFilesAt: paths) }
    let now = Date()
    let build = FinishedBuild(
        model: "bench-model", buildName: "nightly", kind: .nightly, created: now,
        taxonomy: Manifest.Taxonomy(
            url: "https://example.com/taxonomy.git", commit: String(repeating: "c", count: 40), previousCommit: nil,
            mergedCommits: [], changedLeaves: []),
        baseModel: nil, stages: [],
        files: paths.map { SourceFile(path: "model/" + URL(fileURLWithPath: $0).lastPathComponent, source: $0) },
        metrics: [:], configDigest: String(repeating: "0", count: 64), runID: "bench-\(round)", startedOn: now,
        finishedOn: now)
    let publish = try await seconds {
        _ = try await Publisher(layout: layout).publish(build, version: .template("bench-{date}", date: now))
    }
    print(
        String(
            format: "round %d: sha256sum %.3f s, one-file-at-a-time hashing %.3f s, parallel hashing %.3f s, publish %.3f s",
            round, sha256sum, serial, hashing, publish))
    best = (
        min(best.sha256sum, sha256sum), min(best.serial, serial), min(best.hashing, hashing), min(best.publish, publish)
    )
}
let mib = Double(perFileKiB * fileCount) / 1024
print(String(format: "best: sha256sum %.3f s (%.0f MiB/s)", best.sha256sum, mib / best.sha256sum))
print(String(format: "best: one file at a time %.3f s (%.0f MiB/s), %.2fx sha256sum's time", best.serial, mib / best.serial, best.serial / best.sha256sum))
print(String(format: "best: parallel hashing %.3f s (%.0f MiB/s), %.2fx sha256sum's time", best.hashing, mib / best.hashing, best.hashing / best.sha256sum))
print(String(format: "best: publish %.3f s (%.0f MiB/s), %.2fx sha256sum's time", best.publish, mib / best.publish, best.publish / best.sha256sum))
