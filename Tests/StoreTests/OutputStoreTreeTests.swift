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
            #expect(blob.linkCount == 3)  // the output file, the blob, the tree
            #expect(try fileStatus(tree).permissions == 0o555)
            #expect(try fileStatus(tree + "/data").permissions == 0o555)

            // Asking again reuses the tree.
            #expect(try store.directory("k") == tree)
            #expect(try fileStatus(store.blobPath(sha256: helloSHA256)).linkCount == 3)
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

    @Test func anIngestedOutputBecomesTheTreeWithoutNewLinks() async throws {
        try await withStateFolder { root in
            let store = try OutputStore(root: root.path + "/store")
            let output = root.path + "/out"
            try write("hello\n", to: output + "/data/train.jsonl")
            try FileManager.default.createSymbolicLink(atPath: output + "/latest", withDestinationPath: "data")
            let entry = try store.ingest(outputDirectory: output, key: "k", origin: origin)

            #expect(try store.adopt(outputDirectory: output, as: entry))
            #expect(!FileManager.default.fileExists(atPath: output))
            let tree = store.treePath("k")
            #expect(try store.directory("k") == tree)
            let blob = try fileStatus(store.blobPath(sha256: helloSHA256))
            #expect(try fileStatus(tree + "/data/train.jsonl").inode == blob.inode)
            #expect(blob.linkCount == 2)  // the blob and the tree: nothing was linked anew
            #expect(try fileStatus(tree).permissions == 0o555)
            #expect(try fileStatus(tree + "/data").permissions == 0o555)
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: tree + "/latest") == "data")
        }
    }

    @Test func anOutputHoldingCopiesOrMeetingATreeIsLeftAlone() async throws {
        try await withStateFolder { root in
            let store = try OutputStore(root: root.path + "/store")
            // The second file has the first's bytes: its blob exists, so it stays a copy.
            try write("hello\n", to: root.path + "/out1/a.txt")
            try write("hello\n", to: root.path + "/out1/b.txt")
            let copies = try store.ingest(outputDirectory: root.path + "/out1", key: "copies", origin: origin)
            #expect(try store.adopt(outputDirectory: root.path + "/out1", as: copies) == false)
            #expect(FileManager.default.fileExists(atPath: root.path + "/out1/b.txt"))
            let tree = try store.directory("copies")
            #expect(try fileStatus(tree + "/b.txt").inode == fileStatus(store.blobPath(sha256: helloSHA256)).inode)

            // A tree already made for the key is kept; the folder stays where it is.
            try write("other", to: root.path + "/out2/c.txt")
            let first = try store.ingest(outputDirectory: root.path + "/out2", key: "made", origin: origin)
            _ = try store.directory("made")
            #expect(try store.adopt(outputDirectory: root.path + "/out2", as: first) == false)
            #expect(FileManager.default.fileExists(atPath: root.path + "/out2/c.txt"))
        }
    }
}
