import Foundation
import Git
import TestSupport
import Testing

@Suite("Tree changes between commits")
struct TreeDiffTests {
    @Test func reportsAddedModifiedRemovedAndRenamedPaths() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory)
            try fixture.write("knowledge/a/qna.yaml", "version: 3\ndomain: a\n")
            try fixture.write("knowledge/b/qna.yaml", "version: 3\ndomain: b\n")
            try fixture.write("knowledge/c/qna.yaml", String(repeating: "seed example line\n", count: 20))
            try fixture.write("knowledge/d/qna.yaml", "version: 3\ndomain: d\n")
            let before = try fixture.commitAll("Before")
            try fixture.write("knowledge/a/qna.yaml", "version: 3\ndomain: a, revised\n")
            try fixture.remove("knowledge/b/qna.yaml")
            try fixture.git("mv", "knowledge/c", "knowledge/moved-c")
            try fixture.write("knowledge/e/qna.yaml", "task_description: nothing like b\ncreated_by: eve\n")
            let after = try fixture.commitAll("After")
            let repository = try Repository(openingAt: directory)

            let changes = try repository.changes(from: before, to: after)

            let byPath = Dictionary(uniqueKeysWithValues: changes.map { ($0.path, $0) })
            #expect(byPath.count == 4)
            let modified = try #require(byPath["knowledge/a/qna.yaml"])
            #expect(modified.status == .modified)
            #expect(modified.old?.id == (try fixture.id("\(before.hex):knowledge/a/qna.yaml")))
            #expect(modified.new?.id == (try fixture.id("\(after.hex):knowledge/a/qna.yaml")))
            #expect(modified.new?.mode == 0o100644)
            #expect(modified.new?.kind == .file)
            let removed = try #require(byPath["knowledge/b/qna.yaml"])
            #expect(removed.status == .removed)
            #expect(removed.new == nil)
            #expect(removed.old?.path == "knowledge/b/qna.yaml")
            let renamed = try #require(byPath["knowledge/moved-c/qna.yaml"])
            #expect(renamed.status == .renamed(similarity: 100))
            #expect(renamed.old?.path == "knowledge/c/qna.yaml")
            #expect(renamed.old?.id == renamed.new?.id)
            let added = try #require(byPath["knowledge/e/qna.yaml"])
            #expect(added.status == .added)
            #expect(added.old == nil)
            #expect(byPath["knowledge/d/qna.yaml"] == nil)
        }
    }

    @Test func detectsRenamesWithEditedContent() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory)
            let lines = (1...30).map { "line \($0) of the seed examples" }
            try fixture.write("old/qna.yaml", lines.joined(separator: "\n"))
            let before = try fixture.commitAll("Before")
            try fixture.remove("old/qna.yaml")
            try fixture.write("new/qna.yaml", (lines + ["one more line"]).joined(separator: "\n"))
            let after = try fixture.commitAll("After")
            let repository = try Repository(openingAt: directory)

            let detected = try repository.changes(from: before, to: after)
            let change = try #require(detected.first)
            #expect(detected.count == 1)
            #expect(change.old?.path == "old/qna.yaml")
            #expect(change.new?.path == "new/qna.yaml")
            guard case .renamed(let similarity) = change.status else {
                Issue.record("expected a rename, got \(change.status)")
                return
            }
            #expect(similarity > 50 && similarity < 100)

            let plain = try repository.changes(from: before, to: after, detectRenames: false)
            #expect(plain.map(\.status).sorted { "\($0)" < "\($1)" } == [.added, .removed])
        }
    }

    @Test func firstBuildDiffsFromTheEmptyTree() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try TaxonomyFixture(at: directory)
            let repository = try Repository(openingAt: directory)

            let changes = try repository.changes(from: nil, to: fixture.squashOfPullRequest13)

            #expect(changes.allSatisfy { $0.status == .added })
            #expect(changes.map(\.path).sorted() == [
                TaxonomyFixture.poemLeaf, "docs/README.md", TaxonomyFixture.birdsLeaf,
                TaxonomyFixture.catsLeaf, TaxonomyFixture.dogsLeaf,
            ].sorted())
        }
    }

    @Test func pathFilterKeepsOnlyChangesBelowThePrefixes() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try TaxonomyFixture(at: directory)
            try fixture.upstream.write("knowledgeable/notes.md", "not a leaf\n")
            try fixture.upstream.write("docs/README.md", "# Taxonomy, revised\n")
            let head = try fixture.upstream.commitAll("Docs and a look-alike folder")
            let repository = try Repository(openingAt: directory)

            let knowledge = try repository.changes(from: fixture.initial, to: head, paths: ["knowledge"])
            #expect(knowledge.map(\.path).sorted() == [TaxonomyFixture.birdsLeaf, TaxonomyFixture.dogsLeaf])

            let several = try repository.changes(
                from: fixture.initial, to: head, paths: ["knowledge/animals/dogs/", "docs"])
            #expect(several.map(\.path).sorted() == ["docs/README.md", TaxonomyFixture.dogsLeaf])
        }
    }

    @Test func mergeTouchingOnlyDocsChangesNoLeaf() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try TaxonomyFixture(at: directory)
            let upstream = fixture.upstream
            try upstream.git("checkout", "--quiet", "-b", "docs-only")
            try upstream.write("docs/CONTRIBUTING.md", "# How to contribute\n")
            try upstream.commitAll("Explain contributing")
            try upstream.git("checkout", "--quiet", "main")
            let merge = try upstream.mergeNoFastForward("docs-only", message: "Merge pull request #20 from d/docs")
            let repository = try Repository(openingAt: directory)

            let leaves = try repository.changes(
                from: fixture.squashOfPullRequest13, to: merge, paths: ["knowledge", "compositional_skills"])
            #expect(leaves.isEmpty)
            let everything = try repository.changes(from: fixture.squashOfPullRequest13, to: merge)
            #expect(everything.map(\.path) == ["docs/CONTRIBUTING.md"])
            let log = try repository.firstParentLog(from: fixture.squashOfPullRequest13, to: merge)
            #expect(log.commits.map(\.pullRequestNumber) == [20])
        }
    }

    @Test func reportsModeAndTypeChanges() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory)
            try fixture.write("tool.sh", "echo hi\n")
            try fixture.write("leaf.yaml", "version: 3\n")
            let before = try fixture.commitAll("Before")
            try FileManager.default.setAttributes(
                [.posixPermissions: 0o755], ofItemAtPath: directory.appendingPathComponent("tool.sh").path)
            try fixture.remove("leaf.yaml")
            try FileManager.default.createSymbolicLink(
                atPath: directory.appendingPathComponent("leaf.yaml").path, withDestinationPath: "tool.sh")
            let after = try fixture.commitAll("After")
            let repository = try Repository(openingAt: directory)

            let byPath = Dictionary(
                uniqueKeysWithValues: try repository.changes(from: before, to: after).map { ($0.path, $0) })

            #expect(byPath["tool.sh"]?.status == .modified)
            #expect(byPath["tool.sh"]?.new?.kind == .executable)
            #expect(byPath["tool.sh"]?.new?.mode == 0o100755)
            #expect(byPath["leaf.yaml"]?.status == .typeChanged)
            #expect(byPath["leaf.yaml"]?.old?.kind == .file)
            #expect(byPath["leaf.yaml"]?.new?.kind == .symlink)
        }
    }
}
