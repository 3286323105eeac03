import Foundation
import ExecutorTestKit
import Runner
import Store
import Testing
import TestSupport

/// `stat` of a path without following links.
func fileStatus(_ path: String) throws -> stat {
    var info = stat()
    guard lstat(path, &info) == 0 else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
    return info
}

func write(_ text: String, to path: String) throws {
    try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

let helloSHA256 = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"  // "hello\n"
let origin = StoreEntry.Origin(job: "train", runID: "20261127T091500Z-abcdef", attempt: 1)

@Suite struct OutputStoreIngestionTests {
    @Test func filesAreHashedAndHardLinkedIntoReadOnlyBlobs() async throws {
        try await withStateFolder { root in
            let store = try OutputStore(root: root.path + "/store")
            let output = root.path + "/out"
            try write("hello\n", to: output + "/a.txt")
            try write("hello\n", to: output + "/nested/same.txt")
            try write("{\"metrics\": {\"f1\": 0.5}}", to: output + "/result.json")
            try FileManager.default.createDirectory(atPath: output + "/empty", withIntermediateDirectories: true)
            chmod(output + "/a.txt", 0o755)

            let entry = try store.ingest(outputDirectory: output, key: "k1", origin: origin)
            #expect(entry.files["a.txt"] == StoredFile(sha256: helloSHA256, size: 6, mode: 0o755))
            #expect(entry.files["nested/same.txt"]?.sha256 == helloSHA256)
            #expect(entry.directories == ["empty", "nested"])
            #expect(entry.metrics == ["f1": 0.5])
            #expect(entry.origin == origin)

            let blob = store.blobPath(sha256: helloSHA256)
            let blobInfo = try fileStatus(blob)
            #expect(blobInfo.st_mode & 0o777 == 0o444)
            // One inode for the content, the store's own: never one of the output's files.
            #expect(try fileStatus(output + "/a.txt").st_ino != blobInfo.st_ino)
            #expect(blobInfo.st_nlink == 1)
            let blobs = try FileManager.default.contentsOfDirectory(atPath: store.root + "/blobs/sha256")
            #expect(blobs.count == 2)  // hello, result.json
            #expect(store.contains("k1"))
            #expect(try store.entry("k1") == entry)
        }
    }

    @Test func theEntryIsWrittenLastSoARejectedOutputIsNeverReusable() async throws {
        try await withStateFolder { root in
            let store = try OutputStore(root: root.path + "/store")
            let output = root.path + "/out"
            try write("data", to: output + "/a.txt")
            try FileManager.default.createSymbolicLink(atPath: output + "/z-link", withDestinationPath: "/etc/passwd")
            #expect(throws: OutputStoreError.symbolicLinkEscapes(path: output + "/z-link", target: "/etc/passwd")) {
                try store.ingest(outputDirectory: output, key: "k1", origin: origin)
            }
            #expect(!store.contains("k1"))
            #expect(try store.entry("k1") == nil)
            #expect(throws: OutputStoreError.entryNotFound(key: "k1")) { try store.directory("k1") }
        }
    }

    @Test(arguments: ["../outside", "../../etc/passwd", "sub/../../x"])
    func symbolicLinksLeavingTheOutputAreRefused(target: String) async throws {
        try await withStateFolder { root in
            let store = try OutputStore(root: root.path + "/store")
            let output = root.path + "/out"
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: output + "/link", withDestinationPath: target)
            #expect(throws: OutputStoreError.self) {
                try store.ingest(outputDirectory: output, key: "k", origin: origin)
            }
        }
    }

    @Test func symbolicLinksInsideTheOutputAreKept() async throws {
        try await withStateFolder { root in
            let store = try OutputStore(root: root.path + "/store")
            let output = root.path + "/out"
            try write("weights", to: output + "/model/v1/weights.bin")
            try FileManager.default.createSymbolicLink(atPath: output + "/model/current", withDestinationPath: "v1")
            let entry = try store.ingest(outputDirectory: output, key: "k", origin: origin)
            #expect(entry.symbolicLinks == ["model/current": "v1"])
            let tree = try store.directory("k")
            #expect(try String(contentsOfFile: tree + "/model/current/weights.bin", encoding: .utf8) == "weights")
        }
    }

    @Test func aFileWithOtherLinksIsCopiedNotShared() async throws {
        try await withStateFolder { root in
            let store = try OutputStore(root: root.path + "/store")
            let outside = root.path + "/elsewhere.txt"
            try write("hello\n", to: outside)
            let output = root.path + "/out"
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            #expect(link(outside, output + "/linked.txt") == 0)
            try store.ingest(outputDirectory: output, key: "k", origin: origin)
            let blob = try fileStatus(store.blobPath(sha256: helloSHA256))
            #expect(blob.st_ino != (try fileStatus(outside)).st_ino)
            #expect(blob.st_nlink == 1)
            #expect(blob.st_mode & 0o777 == 0o444)
        }
    }

    @Test func aMalformedResultIsRefused() async throws {
        try await withStateFolder { root in
            let store = try OutputStore(root: root.path + "/store")
            let output = root.path + "/out"
            try write("{\"metrics\": {\"f1\": \"high\"}}", to: output + "/result.json")
            #expect(throws: OutputStoreError.self) {
                try store.ingest(outputDirectory: output, key: "k", origin: origin)
            }
            #expect(!store.contains("k"))
        }
    }

    @Test(arguments: ["", "../x", ".hidden", "a/b", "k ey"])
    func keysThatAreNotSafeFileNamesAreRefused(key: String) async throws {
        try await withStateFolder { root in
            let store = try OutputStore(root: root.path + "/store")
            try FileManager.default.createDirectory(atPath: root.path + "/out", withIntermediateDirectories: true)
            #expect(throws: OutputStoreError.invalidKey(key)) {
                try store.ingest(outputDirectory: root.path + "/out", key: key, origin: origin)
            }
            #expect(!store.contains(key))
        }
    }

    @Test func filesAStageWritesOutsideItsOutputNeverEnterTheStore() async throws {
        try await withStateFolder { root in
            let fixture = try SchedulerFixture(root: root)
            let executor = DryRunExecutor(default: .init(files: ["inside.txt": "inside", "../stray.txt": "stray"]))
            let outcome = try await fixture.run([makeJob("generate")], executor: executor)
            #expect(outcome.summary.status == .succeeded)
            // The stray file was written, beside the output directory …
            #expect(FileManager.default.fileExists(atPath: outcome.run.outputRoot + "/stray.txt"))
            // … but the entry and the blobs know only the inside file.
            let entry = try #require(try fixture.store.entry(makeJob("generate").cacheKey))
            #expect(Array(entry.files.keys) == ["inside.txt"])
            let blobs = try FileManager.default.contentsOfDirectory(atPath: fixture.store.root + "/blobs/sha256")
            #expect(blobs.count == 1)
        }
    }
}
