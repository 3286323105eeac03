import Foundation
import Git
import Taxonomy
import Testing
import TestSupport

@testable import UseCases

/// A candidate's runs read one pinned commit's leaves once (`TaxonomyTreeReads`), and a
/// read never stands in for another commit's, other folders' or another mirror's.
@Suite struct TaxonomyTreeReadsTests {
    static func leaf(_ topic: String) -> String {
        """
        version: 3
        created_by: tests
        task_description: Answer questions about \(topic).
        seed_examples:
          - question: What is \(topic)?
            answer: It is \(topic).

        """
    }

    /// Leaf paths and tree ids: what a read gives.
    static func leaves(_ tree: TaxonomyTree) -> [String] {
        tree.leaves.map { "\($0.path.text) \($0.treeID.hex)" }
    }

    @Test func anotherCommitOrOtherFoldersAreReadAfresh() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory.appendingPathComponent("taxonomy"))
            try fixture.write("compositional_skills/a/qna.yaml", Self.leaf("a"))
            try fixture.write("knowledge/k/qna.yaml", Self.leaf("k"))
            let first = try fixture.commitAll("a")
            try fixture.write("compositional_skills/b/qna.yaml", Self.leaf("b"))
            let second = try fixture.commitAll("b")
            let repository = try Repository(openingAt: fixture.directory)
            let mirror = fixture.directory.path
            let reads = TaxonomyTreeReads()

            for (commit, folders) in [
                (first, ["compositional_skills"]), (second, ["compositional_skills"]), (first, ["compositional_skills"]),
                (first, ["compositional_skills", "knowledge"]), (second, ["compositional_skills"]),
            ] {
                let read = try reads.tree(at: commit, folders: folders, in: repository, mirror: mirror)
                let direct = try TaxonomyTree(reading: repository, at: commit, folders: folders)
                #expect(read.commit == commit)
                #expect(read.folders == folders)
                #expect(Self.leaves(read) == Self.leaves(direct))
            }
            let atSecond = try reads.tree(at: second, folders: ["compositional_skills"], in: repository, mirror: mirror)
            #expect(atSecond.leaves.map(\.path.text) == ["compositional_skills/a", "compositional_skills/b"])
        }
    }

    @Test func theSameCommitIsReadOnceAndInAnotherMirrorAfresh() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory.appendingPathComponent("taxonomy"))
            try fixture.write("compositional_skills/a/qna.yaml", Self.leaf("a"))
            let commit = try fixture.commitAll("a")
            let repository = try Repository(openingAt: fixture.directory)
            let mirror = fixture.directory.path
            let reads = TaxonomyTreeReads()
            let first = try reads.tree(at: commit, folders: ["compositional_skills"], in: repository, mirror: mirror)

            // An empty repository holds none of the commit's objects (a read of it finds no
            // leaves): only a read that reads nothing from git still gives the commit's.
            let empty = try GitFixture(at: directory.appendingPathComponent("empty"))
            let elsewhere = try Repository(openingAt: empty.directory)
            #expect(try TaxonomyTree(reading: elsewhere, at: commit, folders: ["compositional_skills"]).leaves.isEmpty)
            let again = try reads.tree(at: commit, folders: ["compositional_skills"], in: elsewhere, mirror: mirror)
            #expect(Self.leaves(again) == Self.leaves(first))
            #expect(again.leaves.map(\.path.text) == ["compositional_skills/a"])
            let other = try reads.tree(
                at: commit, folders: ["compositional_skills"], in: elsewhere, mirror: empty.directory.path)
            #expect(other.leaves.isEmpty)
        }
    }
}
