import Foundation
import Git
import TestSupport
import Testing

@testable import Taxonomy

/// Knowledge leaves' documents in the snapshot stages read.
@Suite struct SnapshotDocumentsTests {
    @Test func aKnowledgeLeafsDocumentsAreWrittenReadOnlyInItsDocumentsFolderInOrder() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory.appendingPathComponent("taxonomy"))
            try fixture.writeLeaf("knowledge/animals/cats", "cats")
            try fixture.writeLeaf("compositional_skills/writing/poem", "poems")
            let commit = try fixture.commitAll("Leaves")
            let repository = try fixture.repository()
            let snapshots = directory.appendingPathComponent("state/snapshots")
            defer { removeSnapshots(in: directory.appendingPathComponent("state")) }
            let blob = try #require(ObjectID(hex: String(repeating: "ab", count: 20)))
            let set = KnowledgeDocumentSet(
                repository: "https://example.org/cats.git", commit: commit,
                files: [
                    KnowledgeDocumentFile(path: "guide/z-intro.md", blobID: blob, sha256: "", bytes: Array("# Cats\n".utf8)),
                    KnowledgeDocumentFile(path: "a b/ünits.md", blobID: blob, sha256: "", bytes: Array("Purring.\n".utf8)),
                ])

            let tree = try TaxonomyTree(reading: repository, at: commit)
            let snapshot = try TaxonomySnapshot.materialize(
                tree, from: repository, in: snapshots, documents: ["knowledge/animals/cats": set])

            let documents = snapshot.directory.appendingPathComponent("knowledge/animals/cats/documents")
            let names = try FileManager.default.contentsOfDirectory(atPath: documents.path).sorted()
            #expect(names == ["01-guide_z-intro.md", "02-a_b__nits.md"])
            #expect(try String(contentsOf: documents.appendingPathComponent(names[0]), encoding: .utf8) == "# Cats\n")
            #expect(try String(contentsOf: documents.appendingPathComponent(names[1]), encoding: .utf8) == "Purring.\n")
            #expect(permissions(documents) == 0o555)
            #expect(names.allSatisfy { permissions(documents.appendingPathComponent($0)) == 0o444 })
            let skill = snapshot.directory.appendingPathComponent("compositional_skills/writing/poem/documents")
            #expect(!FileManager.default.fileExists(atPath: skill.path))
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: snapshots.path)
            #expect(leftovers == [snapshot.directory.lastPathComponent])
        }
    }

    @Test(arguments: [
        (0, 3, "docs/birds/chickadee.md", "01-docs_birds_chickadee.md"),
        (9, 10, "../../etc/passwd.md", "10-.._.._etc_passwd.md"),
        (4, 120, ".hidden.md", "005-.hidden.md"),
    ])
    func documentFileNamesAreNumberedAndSafe(index: Int, count: Int, path: String, expected: String) {
        #expect(TaxonomySnapshot.documentFileName(at: index, of: count, path: path) == expected)
    }

    @Test func aLongDocumentPathKeepsItsEnd() {
        let name = TaxonomySnapshot.documentFileName(at: 0, of: 1, path: String(repeating: "a/", count: 200) + "end.pdf")
        #expect(name.utf8.count <= 255)
        #expect(name.hasPrefix("01-"))
        #expect(name.hasSuffix("a_end.pdf"))
    }
}
