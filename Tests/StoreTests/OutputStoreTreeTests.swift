import Foundation
import ExecutorTestKit
import Runner
import Store
import Testing
import TestSupport

@Suite struct OutputStoreTreeTests {
    @Test func aTreeIsHardLinksToTheBlobsMadeOnce() async throws {
        try await withStateFolder { root in
            let store = try OutputStore(root: root.path + "/store")
            let output = root.path + "/out"
            try write("hello\n", to: output + "/data/train.jsonl")
            try write("cfg", to: output + "/config.json")
            try store.ingest(outputDirectory: output, key: "k", origin: origin)

            let tree = try store.directory("k")
            #expect(tree == store.root + "/trees/k")
            let file = try fileStatus(tree + "/data/train.jsonl")
            let blob = try fileStatus(store.blobPath(sha256: helloSHA256))
            #expect(file.inode == blob.inode && file.device == blob.device)
            #expect(blob.linkCount == 2)  // the blob and the tree; the output file is a copy
            #expect(try fileStatus(tree).permissions == 0o555)
            #expect(try fileStatus(tree + "/data").permissions == 0o555)

            // Asking again reuses the tree.
            #expect(try store.directory("k") == tree)
            #expect(try fileStatus(store.blobPath(sha256: helloSHA256)).linkCount == 2)
            #expect(try FileManager.default.contentsOfDirectory(atPath: store.root + "/tmp").isEmpty)
        }
    }

    @Test func concurrentMaterialisationsAgreeOnOneTree() async throws {
        try await withStateFolder { root in
            let store = try OutputStore(root: root.path + "/store")
            let output = root.path + "/out"
            for index in 0..<50 { try write("file \(index)", to: output + "/files/\(index).txt") }
            try store.ingest(outputDirectory: output, key: "k", origin: origin)
            let paths = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<8 { group.addTask { try store.directory("k") } }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(Set(paths) == [store.root + "/trees/k"])
            #expect(try FileManager.default.contentsOfDirectory(atPath: store.root + "/trees/k/files").count == 50)
            #expect(try FileManager.default.contentsOfDirectory(atPath: store.root + "/tmp").isEmpty)
        }
    }

    @Test func aMissingBlobIsReportedNotPaperedOver() async throws {
        try await withStateFolder { root in
            let store = try OutputStore(root: root.path + "/store")
            let output = root.path + "/out"
            try write("hello\n", to: output + "/a.txt")
            try store.ingest(outputDirectory: output, key: "k", origin: origin)
            try FileManager.default.removeItem(atPath: store.blobPath(sha256: helloSHA256))
            #expect(throws: OutputStoreError.blobMissing(key: "k", file: "a.txt", sha256: helloSHA256)) {
                try store.directory("k")
            }
            #expect(!FileManager.default.fileExists(atPath: store.root + "/trees/k"))
        }
    }

    @Test func reingestingDifferentContentReplacesTheTree() async throws {
        try await withStateFolder { root in
            let store = try OutputStore(root: root.path + "/store")
            try write("one", to: root.path + "/out1/a.txt")
            try store.ingest(outputDirectory: root.path + "/out1", key: "k", origin: origin)
            let tree = try store.directory("k")
            try write("two", to: root.path + "/out2/a.txt")
            try store.ingest(outputDirectory: root.path + "/out2", key: "k", origin: origin)
            #expect(try store.directory("k") == tree)
            #expect(try String(contentsOfFile: tree + "/a.txt", encoding: .utf8) == "two")
        }
    }

    /// The stage's output folder and the store never share an inode: appending to the
    /// output after ingestion leaves the blob as it was hashed.
    @Test func ingestionCopiesSoTheOutputFolderNeverSharesABlob() async throws {
        try await withStateFolder { root in
            let store = try OutputStore(root: root.path + "/store")
            let output = root.path + "/out"
            try write("hello\n", to: output + "/data/train.jsonl")
            _ = try store.ingest(outputDirectory: output, key: "k", origin: origin)
            let blob = try fileStatus(store.blobPath(sha256: helloSHA256))
            #expect(try fileStatus(output + "/data/train.jsonl").inode != blob.inode)
            #expect(blob.linkCount == 1)
            try write("hello\nEVIL\n", to: output + "/data/train.jsonl")
            #expect(try String(contentsOfFile: store.blobPath(sha256: helloSHA256), encoding: .utf8) == "hello\n")
        }
    }

    /// A private copy of the outputs: read-only, its own inodes; changing it (after making
    /// it writable, as its owner can) leaves the blob and the next copy clean.
    @Test func copiedOutputsAreReadOnlyAndPrivate() async throws {
        try await withStateFolder { root in
            let store = try OutputStore(root: root.path + "/store")
            try write("hello\n", to: root.path + "/out/data/train.jsonl")
            try FileManager.default.createSymbolicLink(atPath: root.path + "/out/latest", withDestinationPath: "data")
            _ = try store.ingest(outputDirectory: root.path + "/out", key: "k", origin: origin)

            let copy = root.path + "/in"
            try store.copyOutputs("k", to: copy)
            #expect(try fileStatus(copy).permissions == 0o555)
            #expect(try fileStatus(copy + "/data").permissions == 0o555)
            #expect(try fileStatus(copy + "/data/train.jsonl").permissions == 0o444)
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: copy + "/latest") == "data")
            #expect(try fileStatus(copy + "/data/train.jsonl").inode != fileStatus(store.blobPath(sha256: helloSHA256)).inode)

            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: copy + "/data/train.jsonl")
            let handle = try #require(FileHandle(forWritingAtPath: copy + "/data/train.jsonl"))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("EVIL\n".utf8))
            try handle.close()
            #expect(try String(contentsOfFile: store.blobPath(sha256: helloSHA256), encoding: .utf8) == "hello\n")
            try store.copyOutputs("k", to: root.path + "/in2")
            #expect(try String(contentsOfFile: root.path + "/in2/data/train.jsonl", encoding: .utf8) == "hello\n")
        }
    }
}
