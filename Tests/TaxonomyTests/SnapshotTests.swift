import Foundation
import Git
import TestSupport
import Testing

@testable import Taxonomy

/// Read-only trees of the taxonomy for stages.
@Suite struct SnapshotTests {
    @Test func snapshotHoldsEveryLeafFileReadOnlyAndNothingElse() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory.appendingPathComponent("taxonomy"))
            try fixture.writeLeaf("compositional_skills/writing/poem", "poems")
            try fixture.writeLeaf("knowledge/animals/cats", "cats")
            try fixture.write("knowledge/animals/cats/notes/extra.md", "below the leaf folder\n")
            try fixture.write("knowledge/README.md", "# not in a leaf\n")
            try fixture.writeLeaf("foundational_skills/reading/basics", "not configured")
            try FileManager.default.createSymbolicLink(
                atPath: fixture.directory.appendingPathComponent("knowledge/animals/cats/link.txt").path,
                withDestinationPath: "/etc/passwd")
            let commit = try fixture.commitAll("Leaves")
            let repository = try fixture.repository()
            let state = directory.appendingPathComponent("state")
            defer { removeSnapshots(in: state) }

            let tree = try TaxonomyTree(reading: repository, at: commit)
            let snapshot = try TaxonomySnapshot.materialize(
                tree, from: repository, in: state.appendingPathComponent("snapshots"))
            #expect(!snapshot.isReused)
            #expect(snapshot.directory.lastPathComponent == commit.hex + "-v3")

            let files = try #require(FileManager.default.subpaths(atPath: snapshot.directory.path)).sorted()
            #expect(
                files == [
                    "compositional_skills", "compositional_skills/writing", "compositional_skills/writing/poem",
                    "compositional_skills/writing/poem/attribution.txt", "compositional_skills/writing/poem/qna.yaml",
                    "knowledge", "knowledge/animals", "knowledge/animals/cats",
                    "knowledge/animals/cats/attribution.txt", "knowledge/animals/cats/qna.yaml",
                ])
            for file in files {
                let url = snapshot.directory.appendingPathComponent(file)
                let isLeafFile = file.hasSuffix(".yaml") || file.hasSuffix(".txt")
                #expect(permissions(url) == (isLeafFile ? 0o444 : 0o555), "\(file)")
                if isLeafFile {
                    let stored = try repository.readFile(atPath: file, in: commit, maxSize: 1 << 20)
                    #expect(try Data(contentsOf: url) == Data(stored.bytes), "\(file)")
                }
            }
            #expect(permissions(snapshot.directory) == 0o555)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: state.appendingPathComponent("snapshots").path)
            #expect(leftovers == [commit.hex + "-v3"])

            let again = try TaxonomySnapshot.materialize(tree, from: repository, in: state.appendingPathComponent("snapshots"))
            #expect(again.isReused)
            #expect(again.directory == snapshot.directory)
        }
    }

    @Test func filesOverTheLimitAreLeftOutAndListed() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory.appendingPathComponent("taxonomy"))
            try fixture.writeLeaf("knowledge/animals/cats", "cats", attribution: String(repeating: "a", count: 2000))
            let commit = try fixture.commitAll("Leaf")
            let repository = try fixture.repository()
            let state = directory.appendingPathComponent("state")
            defer { removeSnapshots(in: state) }

            let snapshot = try TaxonomySnapshot.materialize(
                TaxonomyTree(reading: repository, at: commit), from: repository,
                in: state.appendingPathComponent("snapshots"), maxFileBytes: 1000)
            #expect(snapshot.omittedFiles == ["knowledge/animals/cats/attribution.txt"])
            #expect(
                FileManager.default.fileExists(
                    atPath: snapshot.directory.appendingPathComponent("knowledge/animals/cats/qna.yaml").path))
        }
    }

    @Test func otherFoldersGetTheirOwnSnapshot() throws {
        let commit = try #require(ObjectID(hex: String(repeating: "1", count: 40)))
        #expect(TaxonomySnapshot.name(for: commit, folders: ["compositional_skills", "knowledge"]) == commit.hex + "-v3")
        let other = TaxonomySnapshot.name(for: commit, folders: ["knowledge"])
        #expect(other.hasPrefix(commit.hex + "-"))
        #expect(other.hasSuffix("-v3"))
        #expect(other.count == 40 + 1 + 12 + 3)
    }

    @Test func skippedLeavesGetTheirOwnSnapshot() throws {
        let commit = try #require(ObjectID(hex: String(repeating: "1", count: 40)))
        let folders = ["compositional_skills", "knowledge"]
        let skipping = TaxonomySnapshot.name(for: commit, folders: folders, skipped: ["knowledge/a"])
        #expect(skipping != TaxonomySnapshot.name(for: commit, folders: folders))
        #expect(skipping != TaxonomySnapshot.name(for: commit, folders: folders, skipped: ["knowledge/b"]))
        #expect(skipping == TaxonomySnapshot.name(for: commit, folders: folders, skipped: ["knowledge/a"]))
        #expect(skipping.hasPrefix(commit.hex + "-") && skipping.hasSuffix("-v3"))
    }
}
