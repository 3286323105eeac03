import Foundation
import Git
import TestSupport
import Testing

@testable import Taxonomy

/// Leaves added, modified and removed between two commits.
@Suite struct LeafChangesTests {
    @Test func addedModifiedRemovedAndRenamedLeaves() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory.appendingPathComponent("taxonomy"))
            try fixture.writeLeaf("compositional_skills/writing/poem", "poems")
            try fixture.writeLeaf("compositional_skills/writing/haiku", "haiku")
            try fixture.writeLeaf("knowledge/animals/cats", "cats")
            let base = try fixture.commitAll("Three leaves")

            try fixture.write("compositional_skills/writing/poem/qna.yaml", leafText("better poems"))
            try fixture.git("rm", "-r", "--quiet", "compositional_skills/writing/haiku")
            try fixture.git("mv", "knowledge/animals/cats", "knowledge/animals/felines")
            try fixture.writeLeaf("knowledge/animals/dogs", "dogs")
            let head = try fixture.commitAll("Change every way")

            let changes = try LeafChanges(in: fixture.repository(), from: base, to: head)
            let summary = changes.leaves.map { "\($0.change.rawValue) \($0.path)" }
            #expect(
                summary == [
                    "removed compositional_skills/writing/haiku",
                    "modified compositional_skills/writing/poem",
                    "removed knowledge/animals/cats",
                    "added knowledge/animals/dogs",
                    "added knowledge/animals/felines",
                ])
            let poem = try #require(changes.leaves.first { $0.path.text == "compositional_skills/writing/poem" })
            #expect(poem.oldBlobID == (try fixture.objectID(poem.qnaPath, at: base)))
            #expect(poem.newBlobID == (try fixture.objectID(poem.qnaPath, at: head)))
            #expect(poem.kind == .skill)
            let haiku = try #require(changes.leaves.first { $0.change == .removed && $0.kind == .skill })
            #expect(haiku.newBlobID == nil)
            #expect(haiku.oldBlobID == (try fixture.objectID(haiku.qnaPath, at: base)))
            let felines = try #require(changes.leaves.first { $0.path.text == "knowledge/animals/felines" })
            #expect(felines.oldBlobID == nil)
            #expect(felines.newBlobID == (try fixture.objectID("knowledge/animals/cats/qna.yaml", at: base)))
            #expect(felines.kind == .knowledge)
            #expect(changes.relation == .fastForward)
            #expect(changes.problems.isEmpty)
        }
    }

    @Test func attributionOnlyChangeModifiesTheLeaf() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory.appendingPathComponent("taxonomy"))
            try fixture.writeLeaf("knowledge/animals/cats", "cats")
            let base = try fixture.commitAll("A leaf")
            try fixture.write("knowledge/animals/cats/attribution.txt", "Title of work: corrected\n")
            let head = try fixture.commitAll("Fix the attribution")

            let changes = try LeafChanges(in: fixture.repository(), from: base, to: head)
            let leaf = try #require(changes.leaves.first)
            #expect(changes.leaves.count == 1)
            #expect(leaf.change == .modified)
            #expect(leaf.path.text == "knowledge/animals/cats")
            #expect(leaf.isLeafFileUnchanged)
            #expect(leaf.oldBlobID == leaf.newBlobID)
            #expect(leaf.newBlobID == (try fixture.objectID(leaf.qnaPath, at: head)))
        }
    }

    @Test func mergesTouchingNoLeafChangeNothingButAreListed() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory.appendingPathComponent("taxonomy"))
            try fixture.writeLeaf("knowledge/animals/cats", "cats")
            try fixture.write("README.md", "# Taxonomy\n")
            let base = try fixture.commitAll("A leaf")
            try fixture.mergePullRequest(21, branch: "docs") { try $0.write("README.md", "# Taxonomy\n\nMore.\n") }
            try fixture.mergePullRequest(22, branch: "elsewhere") {
                try $0.writeLeaf("foundational_skills/reading/basics", "not configured")
                try $0.write("knowledge/animals/cats/images/cat.txt", "a picture, below the leaf folder\n")
            }
            let head = try fixture.id("HEAD")

            let changes = try LeafChanges(in: fixture.repository(), from: base, to: head)
            #expect(changes.leaves.isEmpty)
            #expect(changes.problems.isEmpty)
            #expect(changes.commits.commits.map(\.pullRequestNumber) == [22, 21])
            #expect(!changes.commits.isTruncated)
        }
    }

    @Test func firstBuildAddsEveryLeaf() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory.appendingPathComponent("taxonomy"))
            try fixture.writeLeaf("compositional_skills/writing/poem", "poems")
            try fixture.commitAll("First")
            try fixture.mergePullRequest(2, branch: "cats") { try $0.writeLeaf("knowledge/animals/cats", "cats") }
            let head = try fixture.id("HEAD")
            let repository = try fixture.repository()

            let changes = try LeafChanges(in: repository, from: nil, to: head)
            let tree = try TaxonomyTree(reading: repository, at: head)
            #expect(changes.leaves.map(\.path) == tree.leaves.map(\.path))
            #expect(changes.leaves.allSatisfy { $0.change == .added && $0.oldBlobID == nil })
            #expect(changes.leaves.map(\.newBlobID) == tree.leaves.map(\.qnaBlobID))
            #expect(changes.relation == nil)
            #expect(changes.commits.commits.count == 2)
        }
    }

    @Test func forcePushedHistoryIsReportedAndStillCompared() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory.appendingPathComponent("taxonomy"))
            try fixture.writeLeaf("knowledge/animals/cats", "cats")
            let root = try fixture.commitAll("A leaf")
            try fixture.writeLeaf("knowledge/animals/dogs", "dogs")
            let old = try fixture.commitAll("Dogs, later rewritten")
            try fixture.git("reset", "--quiet", "--hard", root.hex)
            try fixture.writeLeaf("knowledge/animals/birds", "birds")
            let new = try fixture.commitAll("Birds instead")

            let changes = try LeafChanges(in: fixture.repository(), from: old, to: new)
            #expect(changes.relation == .rewritten(mergeBase: root))
            #expect(changes.relation?.isRewrite == true)
            #expect(changes.leaves.map { "\($0.change.rawValue) \($0.path)" } == ["added knowledge/animals/birds", "removed knowledge/animals/dogs"])
            #expect(changes.commits.commits.map(\.id) == [new])
        }
    }

    @Test func changedSymlinksMisnamedFilesAndSubmodulesAreProblems() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory.appendingPathComponent("taxonomy"))
            try fixture.writeLeaf("knowledge/animals/cats", "cats")
            let base = try fixture.commitAll("A leaf")
            try fixture.remove("knowledge/animals/cats/qna.yaml")
            try FileManager.default.createSymbolicLink(
                atPath: fixture.directory.appendingPathComponent("knowledge/animals/cats/qna.yaml").path,
                withDestinationPath: "../../../secret")
            try fixture.write("knowledge/animals/dogs/qna.yml", leafText("dogs"))
            try fixture.git("add", "--all")
            try fixture.git("update-index", "--add", "--cacheinfo", "160000,\(base.hex),compositional_skills/vendored")
            let head = try fixture.commitStaged("Hostile changes")

            let changes = try LeafChanges(in: fixture.repository(), from: base, to: head)
            #expect(changes.leaves.map { "\($0.change.rawValue) \($0.path)" } == ["removed knowledge/animals/cats"])
            #expect(
                changes.problems.map { "\($0.kind) \($0.path)" } == [
                    "submodule compositional_skills/vendored",
                    "symlinkedLeafFile knowledge/animals/cats/qna.yaml",
                    "misnamedLeafFile knowledge/animals/dogs/qna.yml",
                ])
        }
    }

    @Test func aBaseMissingFromTheRepositoryIsAClearError() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory.appendingPathComponent("taxonomy"))
            try fixture.writeLeaf("knowledge/animals/cats", "cats")
            let head = try fixture.commitAll("A leaf")
            let missing = try #require(ObjectID(hex: String(repeating: "ab", count: 20)))

            let error = try #require(throws: TaxonomyError.self) {
                try LeafChanges(in: fixture.repository(), from: missing, to: head)
            }
            guard case .commitNotFound(let revision) = error.kind else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(revision == missing.hex)
            #expect(error.description.contains("is not in the taxonomy mirror"))
        }
    }
}
