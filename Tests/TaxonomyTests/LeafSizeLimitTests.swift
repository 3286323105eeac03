import Foundation
import Git
import InstructLabValidation
import TestSupport
import Testing

@testable import Taxonomy

/// One size limit on `qna.yaml`, applied alike by the tree scan, the leaf reader and the
/// validator, each refusing a larger leaf with the same message.
@Suite struct LeafSizeLimitTests {
    static let limit = TaxonomyLayout.maxLeafBytes
    static let overMessage =
        "The file is \(limit + 1) bytes, over the limit of \(limit) bytes for a taxonomy leaf; refused without parsing"

    @Test func theLimitIsTheOneTheValidatorReports() {
        #expect(Self.limit == 2 * 1024 * 1024)
        #expect(LeafValidationOptions().maxBytes == Self.limit)
    }

    @Test func aLeafAtTheLimitIsReadAndValidated() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory.appendingPathComponent("taxonomy"))
            try fixture.write("compositional_skills/size/at/qna.yaml", skillLeaf(ofSize: Self.limit))
            try fixture.write("compositional_skills/size/at/attribution.txt", "Title of work: sizes\n")
            let repository = try fixture.repository()
            let tree = try TaxonomyTree(reading: repository, at: try fixture.commitAll("A leaf at the limit"))

            #expect(tree.problems.isEmpty)
            let leaf = try #require(tree.leaf(at: "compositional_skills/size/at"))
            let bytes = try TaxonomyTree.readLeafFile(leaf, from: repository)
            #expect(bytes.count == Self.limit)
            let report = LeafValidator().validate(
                LeafSource(path: leaf.qnaPath, bytes: bytes, siblings: SiblingFiles(names: leaf.siblingNames)))
            #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        }
    }

    @Test func aLeafJustOverTheLimitIsRefusedWithOneMessageByTheTreeTheReaderAndTheValidator() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory.appendingPathComponent("taxonomy"))
            let path = "compositional_skills/size/over/qna.yaml"
            try fixture.write(path, skillLeaf(ofSize: Self.limit + 1))
            try fixture.write("compositional_skills/size/over/attribution.txt", "Title of work: sizes\n")
            let repository = try fixture.repository()
            let commit = try fixture.commitAll("A leaf over the limit")
            let tree = try TaxonomyTree(reading: repository, at: commit)

            #expect(tree.leaves.isEmpty)
            #expect(tree.problems.map(\.kind) == [.leafFileTooLarge])
            #expect(tree.problems.map(\.description) == ["\(path): \(Self.overMessage)"])

            let leaf = TaxonomyLeaf(
                path: try #require(LeafPath("compositional_skills/size/over")),
                qnaBlobID: try fixture.objectID(path, at: commit),
                treeID: try fixture.objectID("compositional_skills/size/over", at: commit), siblings: [])
            let error = try #require(throws: TaxonomyError.self) {
                try TaxonomyTree.readLeafFile(leaf, from: repository)
            }
            #expect(error.message == Self.overMessage)

            let bytes = Array(skillLeaf(ofSize: Self.limit + 1).utf8)
            let report = LeafValidator().validate(
                LeafSource(path: path, bytes: bytes, siblings: SiblingFiles(names: ["attribution.txt"])))
            #expect(report.diagnostics.map(\.description) == ["ERROR: \(path):1:1 \(Self.overMessage)"])
        }
    }
}
