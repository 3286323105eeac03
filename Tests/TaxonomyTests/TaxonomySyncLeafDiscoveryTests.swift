import Foundation
import Git
import InstructLabValidation
import TestSupport
import Testing

@testable import Taxonomy

/// Finding leaves in git trees at a commit.
@Suite struct TaxonomySyncLeafDiscoveryTests {
    @Test func leavesAreFoldersWithQnaYamlUnderTheConfiguredFoldersOnly() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory.appendingPathComponent("taxonomy"))
            try fixture.writeLeaf("compositional_skills/writing/poem", "poems")
            try fixture.write("knowledge/animals/cats/qna.yaml", leafText("cats"))
            try fixture.writeLeaf("foundational_skills/reading/basics", "ignored")
            try fixture.write("docs/qna.yaml", leafText("not a leaf folder"))
            try fixture.write("knowledge/README.md", "# Knowledge\n")
            let commit = try fixture.commitAll("Leaves")

            let tree = try TaxonomyTree(reading: fixture.repository(), at: commit)
            #expect(tree.leaves.map(\.path.text) == ["compositional_skills/writing/poem", "knowledge/animals/cats"])
            #expect(tree.problems.isEmpty)

            let poem = try #require(tree.leaf(at: "compositional_skills/writing/poem"))
            #expect(poem.kind == .skill)
            #expect(poem.qnaPath == "compositional_skills/writing/poem/qna.yaml")
            #expect(poem.qnaBlobID == (try fixture.objectID(poem.qnaPath, at: commit)))
            #expect(poem.treeID == (try fixture.objectID("compositional_skills/writing/poem", at: commit)))
            #expect(poem.siblingNames == ["attribution.txt"])
            #expect(poem.hasAttribution)

            let cats = try #require(tree.leaf(at: "knowledge/animals/cats"))
            #expect(cats.kind == .knowledge)
            #expect(cats.siblings.isEmpty)
            #expect(!cats.hasAttribution)
        }
    }

    @Test func configuredFoldersDecideWhatIsSearched() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory.appendingPathComponent("taxonomy"))
            try fixture.writeLeaf("compositional_skills/writing/poem", "poems")
            try fixture.writeLeaf("foundational_skills/reading/basics", "basics")
            let commit = try fixture.commitAll("Leaves")

            let tree = try TaxonomyTree(reading: fixture.repository(), at: commit, folders: ["foundational_skills", "knowledge"])
            #expect(tree.leaves.map(\.path.text) == ["foundational_skills/reading/basics"])
            #expect(tree.leaves.first?.kind == .skill)
        }
    }

    @Test func misnamedSymlinkedAndSubmoduleLeavesAreReportedNotFollowed() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory.appendingPathComponent("taxonomy"))
            try fixture.writeLeaf("compositional_skills/writing/poem", "poems")
            try fixture.write("knowledge/misnamed/qna.yml", leafText("wrong name"))
            try FileManager.default.createDirectory(
                at: fixture.directory.appendingPathComponent("knowledge/linked"), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(
                atPath: fixture.directory.appendingPathComponent("knowledge/linked/qna.yaml").path,
                withDestinationPath: "/etc/passwd")
            try fixture.git("add", "--all")
            let someCommit = try fixture.commitAll("Before the submodule")
            try fixture.git("update-index", "--add", "--cacheinfo", "160000,\(someCommit.hex),knowledge/vendored")
            let commit = try fixture.commitStaged("Add a submodule where a leaf could be")

            let tree = try TaxonomyTree(reading: fixture.repository(), at: commit)
            #expect(tree.leaves.map(\.path.text) == ["compositional_skills/writing/poem"])
            let problems = Dictionary(uniqueKeysWithValues: tree.problems.map { ($0.path, $0.kind) })
            #expect(
                problems == [
                    "knowledge/linked/qna.yaml": .symlinkedLeafFile,
                    "knowledge/misnamed/qna.yml": .misnamedLeafFile,
                    "knowledge/vendored": .submodule,
                ])
            let misnamed = try #require(tree.problems.first { $0.kind == .misnamedLeafFile })
            #expect(misnamed.description.contains("InstructLab reads only files named qna.yaml"))
        }
    }

    @Test func hostileTreeEntriesAreReportedOnceAndNothingBelowIsRead() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory.appendingPathComponent("taxonomy"))
            try fixture.writeLeaf("knowledge/animals/cats", "cats")
            let base = try fixture.commitAll("A good leaf")
            // git mktree writes names git itself would never check out.
            let leafBlob = try fixture.objectID("knowledge/animals/cats/qna.yaml", at: base)
            let leafTree = try fixture.git("mktree", standardInput: "100644 blob \(leafBlob.hex)\tqna.yaml\n")
            let animals = try fixture.objectID("knowledge/animals", at: base)
            let knowledge = try fixture.git(
                "mktree",
                standardInput: "040000 tree \(leafTree)\t..\n040000 tree \(leafTree)\t.GIT\n040000 tree \(animals.hex)\tanimals\n")
            let root = try fixture.git("mktree", standardInput: "040000 tree \(knowledge)\tknowledge\n")
            let hex = try fixture.git("commit-tree", root, "-p", base.hex, "-m", "Hostile names")
            let commit = try #require(ObjectID(hex: hex))

            let tree = try TaxonomyTree(reading: fixture.repository(), at: commit)
            #expect(tree.leaves.map(\.path.text) == ["knowledge/animals/cats"])
            #expect(tree.problems.map(\.path) == ["knowledge/..", "knowledge/.GIT"])
            #expect(tree.problems.allSatisfy { $0.kind == .unsafePath })
            #expect(tree.problems.first?.message.contains("'..'") == true)
        }
    }

    @Test(arguments: [
        ("knowledge/a/b", nil), ("/etc/passwd", "absolute"), ("knowledge/../x", "'..'"), ("knowledge//x", "empty"),
        ("knowledge/./x", "'.'"), ("knowledge/.git/x", ".git"), ("a\\b", "backslash"), ("", "empty"),
        ("knowledge/x\nrun succeeded", "control character (U+000A)"), ("knowledge/\u{1b}[2J", "control character (U+001B)"),
        ("knowledge/a\rb", "control character"), ("knowledge/a\u{7f}", "control character (U+007F)"),
        ("knowledge/a\u{85}b", "control character (U+0085)"), ("knowledge/evil\u{202e}txt.yaml", "control character (U+202E)"),
        ("knowledge/caf\u{e9}/\u{1f426}", nil),
    ] as [(String, String?)])
    func leafPathsRefuseEverythingThatCouldEscape(path: String, reason: String?) {
        let problem = LeafPath.problem(in: path)
        if let reason {
            #expect(problem?.contains(reason) == true, "\(path): \(problem ?? "accepted")")
            #expect(LeafPath(path) == nil)
        } else {
            #expect(problem == nil)
            #expect(LeafPath(path)?.text == path)
        }
    }

    @Test func leafFilesAreReadThroughTheSizeCap() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory.appendingPathComponent("taxonomy"))
            try fixture.write("knowledge/big/qna.yaml", leafText(String(repeating: "x", count: 4096)))
            try fixture.writeLeaf("knowledge/small", "small")
            let commit = try fixture.commitAll("Leaves")
            let repository = try fixture.repository()
            let tree = try TaxonomyTree(reading: repository, at: commit)

            let small = try #require(tree.leaf(at: "knowledge/small"))
            #expect(try TaxonomyTree.readLeafFile(small, from: repository) == Array(leafText("small").utf8))
            let big = try #require(tree.leaf(at: "knowledge/big"))
            let error = try #require(throws: TaxonomyError.self) {
                try TaxonomyTree.readLeafFile(big, from: repository, maxBytes: 1024)
            }
            guard case .fileTooLarge(let size, 1024) = error.kind else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(size > 4096)
            #expect(error.description.contains("knowledge/big/qna.yaml"))
        }
    }
}
