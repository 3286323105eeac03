import Foundation
import InstructLabValidation
import TestSupport
import Testing

@testable import Stages

/// The leaves a snapshot holds are the folders Foundation's enumerator finds a `qna.yaml`
/// in (what `SnapshotLeaves.all` walked before it listed folders through Platform).
@Suite struct SnapshotLeavesTests {
    private func enumeratedLeaves(_ root: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var leaves: [String] = []
        while let relative = walker.nextObject() as? String {
            if (relative as NSString).lastPathComponent == TaxonomyLayout.leafFileName {
                leaves.append((relative as NSString).deletingLastPathComponent)
            }
        }
        return leaves.sorted()
    }

    @Test func theLeavesAreTheFoldersHoldingAQnaFile() async throws {
        try await withTemporaryDirectory { root in
            let files = [
                "compositional_skills/writing/poems/qna.yaml", "compositional_skills/writing/poems/attribution.txt",
                "compositional_skills/writing/poems/deeper/qna.yaml", "compositional_skills/empty/notes.md",
                "knowledge/science/birds/qna.yaml", "knowledge/science/birds/documents/birds.md",
                "knowledge/.hidden/leaf/qna.yaml", "knowledge/a b/ünïcode/qna.yaml", "qna.yaml",
                "knowledge/qna.yaml/qna.yaml",
            ]
            for file in files {
                let url = root.appendingPathComponent(file)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data("version: 3\n".utf8).write(to: url)
            }
            // A linked folder is not walked into, by either; a folder named qna.yaml is a leaf
            // file of its parent to both.
            try FileManager.default.createSymbolicLink(
                atPath: root.appendingPathComponent("knowledge/linked").path, withDestinationPath: "science")
            let leaves = SnapshotLeaves(path: root.path).all()
            #expect(leaves == enumeratedLeaves(root))
            #expect(leaves == [
                "", "compositional_skills/writing/poems", "compositional_skills/writing/poems/deeper", "knowledge", "knowledge/.hidden/leaf",
                "knowledge/a b/ünïcode", "knowledge/qna.yaml", "knowledge/science/birds",
            ])
            #expect(SnapshotLeaves(path: root.appendingPathComponent("missing").path).all() == [])
        }
    }
}
