import Foundation
import Git
import TestSupport
import Testing

@Suite("Trees and blobs at a commit")
struct TreeAndBlobTests {
    /// A commit with a file, an executable, a symlink, a submodule and nested folders.
    private static func makeMixedTree(at directory: URL) throws -> (GitFixture, ObjectID) {
        let fixture = try GitFixture(at: directory)
        try fixture.write("knowledge/science/qna.yaml", "version: 3\ndomain: science\n")
        try fixture.write("knowledge/science/attribution.txt", "CC-BY-SA\n")
        try fixture.write("knowledge/history/rome/qna.yaml", "version: 3\ndomain: rome\n")
        try fixture.write("tools/check.sh", "#!/bin/sh\n")
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o755], ofItemAtPath: directory.appendingPathComponent("tools/check.sh").path)
        try FileManager.default.createSymbolicLink(
            atPath: directory.appendingPathComponent("knowledge/link.yaml").path,
            withDestinationPath: "science/qna.yaml")
        try fixture.git("add", "--all")
        let submoduleCommit = String(repeating: "ab", count: 20)
        try fixture.git("update-index", "--add", "--cacheinfo", "160000,\(submoduleCommit),knowledge/vendored")
        return (fixture, try fixture.commitStaged("Mixed tree"))
    }

    @Test func readsAFileWithItsBlobID() async throws {
        try await withTemporaryDirectory { directory in
            let (fixture, commit) = try Self.makeMixedTree(at: directory)
            let repository = try Repository(openingAt: directory)

            let blob = try repository.readFile(atPath: "knowledge/science/qna.yaml", in: commit, maxSize: 1024)

            #expect(String(decoding: blob.bytes, as: UTF8.self) == "version: 3\ndomain: science\n")
            #expect(blob.id == (try fixture.id("\(commit.hex):knowledge/science/qna.yaml")))
            #expect(try repository.readBlob(blob.id, maxSize: 1024) == blob)
            #expect(try repository.blobSize(blob.id) == blob.bytes.count)
            #expect(try repository.readFile(atPath: "tools/check.sh", in: commit, maxSize: 64).bytes.count == 10)
        }
    }

    @Test func refusesABlobOverTheLimitWithoutReadingIt() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory)
            try fixture.write("big.yaml", String(repeating: "x", count: 5_000))
            let commit = try fixture.commitAll("Big")
            let repository = try Repository(openingAt: directory)

            let error = #expect(throws: GitError.self) {
                try repository.readFile(atPath: "big.yaml", in: commit, maxSize: 4_999)
            }
            #expect(error?.kind == .blobTooLarge(size: 5_000, limit: 4_999))
            #expect(error?.operation.contains("big.yaml") == true)
            #expect(try repository.readFile(atPath: "big.yaml", in: commit, maxSize: 5_000).bytes.count == 5_000)
        }
    }

    @Test(arguments: [
        ("knowledge/link.yaml", EntryKind.symlink),
        ("knowledge/vendored", EntryKind.submodule),
        ("knowledge/science", EntryKind.tree),
    ])
    func refusesToReadWhatIsNotARegularFile(path: String, kind: EntryKind) async throws {
        try await withTemporaryDirectory { directory in
            let (_, commit) = try Self.makeMixedTree(at: directory)
            let repository = try Repository(openingAt: directory)

            let error = #expect(throws: GitError.self) {
                try repository.readFile(atPath: path, in: commit, maxSize: 1 << 20)
            }
            #expect(error?.kind == .notAFile(kind))
            #expect(try repository.entry(atPath: path, in: commit)?.kind == kind)
        }
    }

    @Test func missingPathIsNotFound() async throws {
        try await withTemporaryDirectory { directory in
            let (_, commit) = try Self.makeMixedTree(at: directory)
            let repository = try Repository(openingAt: directory)
            let error = #expect(throws: GitError.self) {
                try repository.readFile(atPath: "knowledge/nothing/qna.yaml", in: commit, maxSize: 10)
            }
            #expect(error?.kind == .notFound)
            #expect(try repository.entry(atPath: "knowledge/nothing", in: commit) == nil)
            #expect(try repository.treeID(atPath: "knowledge/nothing", in: commit) == nil)
        }
    }

    @Test func walksEveryEntryWithItsKind() async throws {
        try await withTemporaryDirectory { directory in
            let (fixture, commit) = try Self.makeMixedTree(at: directory)
            let repository = try Repository(openingAt: directory)

            let entries = try repository.treeEntries(in: commit)

            let kinds = Dictionary(entries.map { ($0.path, $0.kind) }, uniquingKeysWith: { first, _ in first })
            #expect(entries.count == kinds.count)
            #expect(kinds == [
                "knowledge": .tree, "knowledge/history": .tree, "knowledge/history/rome": .tree,
                "knowledge/history/rome/qna.yaml": .file, "knowledge/link.yaml": .symlink,
                "knowledge/science": .tree, "knowledge/science/attribution.txt": .file,
                "knowledge/science/qna.yaml": .file, "knowledge/vendored": .submodule,
                "tools": .tree, "tools/check.sh": .executable,
            ])
            let expected = try fixture.git("ls-tree", "-r", "-t", "--format=%(objectname) %(path)", commit.hex)
                .split(separator: "\n").map(String.init).sorted()
            #expect(entries.map { "\($0.id.hex) \($0.path)" }.sorted() == expected)

            let underScience = try repository.treeEntries(in: commit, under: "knowledge/science/")
            #expect(underScience.map(\.path).sorted() == [
                "knowledge/science/attribution.txt", "knowledge/science/qna.yaml",
            ])
            let error = #expect(throws: GitError.self) {
                try repository.treeEntries(in: commit, under: "tools/check.sh")
            }
            #expect(error?.kind == .notATree(.executable))
        }
    }

    @Test func treeIDsMatchGitAndAreContentHashes() async throws {
        try await withTemporaryDirectory { directory in
            let (fixture, commit) = try Self.makeMixedTree(at: directory)
            try fixture.write("tools/other.sh", "echo\n")
            try fixture.git("add", "tools/other.sh")
            let next = try fixture.commitStaged("Touch tools only")
            let repository = try Repository(openingAt: directory)

            #expect(try repository.treeID(atPath: "knowledge", in: commit) == fixture.id("\(commit.hex):knowledge"))
            #expect(try repository.treeID(atPath: "", in: commit) == fixture.id("\(commit.hex)^{tree}"))
            #expect(try repository.treeID(atPath: "knowledge", in: next) == repository.treeID(atPath: "knowledge", in: commit))
            #expect(try repository.treeID(atPath: "tools", in: next) != repository.treeID(atPath: "tools", in: commit))
            let error = #expect(throws: GitError.self) {
                try repository.treeID(atPath: "knowledge/link.yaml", in: commit)
            }
            #expect(error?.kind == .notATree(.symlink))
        }
    }

    @Test func walksTenThousandLeaves() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory)
            var stream = "commit refs/heads/main\ncommitter Cy <cy@example.com> 1700000000 +0000\ndata 6\nLeaves\n"
            for index in 0..<10_000 {
                let content = "version: 3\ndomain: leaf \(index)\n"
                stream += "M 100644 inline knowledge/group\(index / 100)/leaf\(index)/qna.yaml\n"
                stream += "data \(content.utf8.count)\n\(content)\n"
            }
            try fixture.git("fast-import", "--quiet", standardInput: stream)
            let repository = try Repository(openingAt: directory)
            let commit = try repository.resolveCommit("main")

            let entries = try repository.treeEntries(in: commit, under: "knowledge")

            #expect(entries.filter { $0.kind == .file }.count == 10_000)
            #expect(entries.filter { $0.kind == .tree }.count == 10_100)
            #expect(Set(entries.map(\.path)).count == entries.count)
            #expect(entries.contains { $0.path == "knowledge/group99/leaf9999/qna.yaml" })
        }
    }
}
