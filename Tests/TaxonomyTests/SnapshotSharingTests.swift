import Foundation
import Git
import Platform
import TestSupport
import Testing

@testable import Taxonomy

/// A new snapshot shares the earlier snapshot's unchanged files (another name of the same
/// read-only file) and writes the rest; what it holds is what a snapshot written from
/// scratch holds.
@Suite struct SnapshotSharingTests {
    /// Every file's path and bytes under `directory`.
    private func contents(_ directory: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for path in try #require(FileManager.default.subpaths(atPath: directory.path)) {
            let url = directory.appendingPathComponent(path)
            if try FileSystem.status(url.path)?.isRegularFile == true { result[path] = try Data(contentsOf: url) }
        }
        return result
    }

    private func inode(_ directory: URL, _ path: String) throws -> UInt64? {
        try FileSystem.status(directory.appendingPathComponent(path).path)?.inode
    }

    /// A taxonomy of three leaves at `first`, changed by `change` at `second`, with two
    /// empty snapshot folders: `snapshots` for the shared ones, `alone` for ones written
    /// from scratch.
    private func withTwoCommits(
        change: (GitFixture) throws -> Void,
        _ body: (_ repository: Repository, _ first: TaxonomyTree, _ second: TaxonomyTree, _ snapshots: URL, _ alone: URL)
            throws -> Void
    ) async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory.appendingPathComponent("taxonomy"))
            try fixture.writeLeaf("compositional_skills/writing/poem", "poems")
            try fixture.writeLeaf("compositional_skills/writing/story", "stories")
            try fixture.writeLeaf("knowledge/animals/cats", "cats")
            let first = try fixture.commitAll("Leaves")
            try change(fixture)
            let second = try fixture.commitAll("Change")
            let repository = try fixture.repository()
            defer {
                removeSnapshots(in: directory.appendingPathComponent("state"))
                removeSnapshots(in: directory.appendingPathComponent("alone"))
            }
            try body(
                repository, try TaxonomyTree(reading: repository, at: first),
                try TaxonomyTree(reading: repository, at: second), directory.appendingPathComponent("state/snapshots"),
                directory.appendingPathComponent("alone/snapshots"))
        }
    }

    @Test func unchangedFilesAreSharedAndTheRestWritten() async throws {
        try await withTwoCommits(change: { fixture in
            try fixture.writeLeaf("compositional_skills/writing/story", "stories, edited")
            try fixture.writeLeaf("knowledge/animals/dogs", "dogs")
        }) { repository, firstTree, secondTree, snapshots, alone in
            let earlier = try TaxonomySnapshot.materialize(firstTree, from: repository, in: snapshots)
            #expect(TaxonomySnapshot.existingDirectory(of: firstTree.commit, in: snapshots) == earlier.directory)
            #expect(TaxonomySnapshot.existingDirectory(of: secondTree.commit, in: snapshots) == nil)
            let shared = try TaxonomySnapshot.materialize(
                secondTree, from: repository, in: snapshots,
                sharing: .init(tree: firstTree, directory: earlier.directory))
            let written = try TaxonomySnapshot.materialize(secondTree, from: repository, in: alone)

            #expect(try contents(shared.directory) == contents(written.directory))
            for unchanged in [
                "compositional_skills/writing/poem/qna.yaml", "compositional_skills/writing/poem/attribution.txt",
                "compositional_skills/writing/story/attribution.txt", "knowledge/animals/cats/qna.yaml",
            ] {
                #expect(try inode(shared.directory, unchanged) == inode(earlier.directory, unchanged), "\(unchanged)")
            }
            #expect(try inode(shared.directory, "compositional_skills/writing/story/qna.yaml")
                != inode(earlier.directory, "compositional_skills/writing/story/qna.yaml"))
            #expect(try FileSystem.status(shared.directory.appendingPathComponent("knowledge/animals/dogs/qna.yaml").path)?
                .linkCount == 1)
            // Removing the earlier snapshot leaves the new one whole.
            TaxonomySnapshot.remove(earlier.directory)
            #expect(try contents(shared.directory) == contents(written.directory))
        }
    }

    /// An earlier file that is not as a snapshot writes it (made writable, replaced by a
    /// link to another file, or gone) is never shared: the blob is written from git.
    @Test func anEarlierFileThatIsNotAsWrittenIsNotShared() async throws {
        try await withTwoCommits(change: { try $0.writeLeaf("knowledge/animals/dogs", "dogs") }) {
            repository, firstTree, secondTree, snapshots, alone in
            let earlier = try TaxonomySnapshot.materialize(firstTree, from: repository, in: snapshots)
            let writing = earlier.directory.appendingPathComponent("compositional_skills/writing")
            try FileSystem.changePermissions(earlier.directory.path, 0o755)
            try FileSystem.changePermissions(writing.path, 0o755)
            try FileSystem.changePermissions(writing.appendingPathComponent("poem").path, 0o755)
            try FileSystem.changePermissions(writing.appendingPathComponent("story").path, 0o755)
            let poem = writing.appendingPathComponent("poem/qna.yaml")
            try FileSystem.changePermissions(poem.path, 0o644)
            try Data("edited in place\n".utf8).write(to: poem)
            let story = writing.appendingPathComponent("story/qna.yaml")
            try FileManager.default.removeItem(at: story)
            try FileManager.default.createSymbolicLink(atPath: story.path, withDestinationPath: "/etc/passwd")
            try FileManager.default.removeItem(at: earlier.directory.appendingPathComponent("knowledge/animals/cats/qna.yaml"))

            let shared = try TaxonomySnapshot.materialize(
                secondTree, from: repository, in: snapshots, sharing: .init(tree: firstTree, directory: earlier.directory))
            let written = try TaxonomySnapshot.materialize(secondTree, from: repository, in: alone)
            #expect(try contents(shared.directory) == contents(written.directory))
            #expect(try FileSystem.status(shared.directory.appendingPathComponent("compositional_skills/writing/story/qna.yaml").path)?
                .isRegularFile == true)
            #expect(try inode(shared.directory, "compositional_skills/writing/poem/qna.yaml") != inode(earlier.directory, "compositional_skills/writing/poem/qna.yaml"))
        }
    }

    /// A taxonomy large enough to be written on several cores (a leaf inside another
    /// leaf's folder too): every leaf's files as committed, every folder and file read-only,
    /// the unchanged files shared, whether or not an earlier snapshot is shared.
    @Test func aLargeTaxonomyIsWrittenWholeOnEveryCore() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory.appendingPathComponent("taxonomy"))
            for index in 0..<150 {
                try fixture.writeLeaf("compositional_skills/group\(index / 40)/leaf\(index)", "topic \(index)")
            }
            try fixture.writeLeaf("compositional_skills/group1/leaf41/inner", "a leaf inside a leaf")
            let first = try fixture.commitAll("Leaves")
            try fixture.writeLeaf("compositional_skills/group3/leaf149", "topic 149, edited")
            try fixture.writeLeaf("compositional_skills/group9/new", "a new leaf")
            let second = try fixture.commitAll("Change")
            let repository = try fixture.repository()
            let snapshots = directory.appendingPathComponent("state/snapshots")
            defer {
                removeSnapshots(in: directory.appendingPathComponent("state"))
                removeSnapshots(in: directory.appendingPathComponent("alone"))
            }
            let firstTree = try TaxonomyTree(reading: repository, at: first)
            let secondTree = try TaxonomyTree(reading: repository, at: second)
            let earlier = try TaxonomySnapshot.materialize(firstTree, from: repository, in: snapshots)
            let shared = try TaxonomySnapshot.materialize(
                secondTree, from: repository, in: snapshots, sharing: .init(tree: firstTree, directory: earlier.directory))
            let written = try TaxonomySnapshot.materialize(
                secondTree, from: repository, in: directory.appendingPathComponent("alone/snapshots"))

            let committed = try contents(fixture.directory).filter { $0.key.hasPrefix("compositional_skills/") }
            #expect(committed.count == 2 * 152)
            for snapshot in [shared.directory, written.directory] {
                #expect(try contents(snapshot) == committed)
                for path in try #require(FileManager.default.subpaths(atPath: snapshot.path)) {
                    let status = try #require(try FileSystem.status(snapshot.appendingPathComponent(path).path))
                    #expect(status.permissions == (status.isRegularFile ? 0o444 : 0o555), "\(path)")
                }
            }
            #expect(try inode(shared.directory, "compositional_skills/group0/leaf0/qna.yaml")
                == inode(earlier.directory, "compositional_skills/group0/leaf0/qna.yaml"))
            #expect(try inode(shared.directory, "compositional_skills/group1/leaf41/inner/qna.yaml")
                == inode(earlier.directory, "compositional_skills/group1/leaf41/inner/qna.yaml"))
            #expect(try inode(shared.directory, "compositional_skills/group3/leaf149/qna.yaml")
                != inode(earlier.directory, "compositional_skills/group3/leaf149/qna.yaml"))
        }
    }
}
