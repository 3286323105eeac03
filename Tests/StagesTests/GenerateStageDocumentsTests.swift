import Foundation
import StageProtocol
import Stages
import TestSupport
import Testing

/// `builtin/generate` reading a knowledge leaf's documents from a real snapshot folder.
@Suite struct GenerateStageDocumentsTests {
    static let leaf = "knowledge/science/birds"
    static let qna = """
        version: 3
        domain: ornithology
        document_outline: Facts about birds
        created_by: test
        seed_examples:
          - context: The Arctic tern migrates from the Arctic to the Antarctic each year.
            questions_and_answers:
              - question: Which bird has the longest migration?
                answer: The Arctic tern.
        document:
          repo: https://example.org/birds.git
          commit: 0123456789abcdef0123456789abcdef01234567
          patterns: ['*.md']

        """

    @Test func theLeafsTextDocumentsBecomePassagesInOrderAndOthersAreSkippedWithAWarning() async throws {
        try await withTemporaryDirectory { directory in
            let snapshot = directory.appendingPathComponent("snapshot")
            let folder = snapshot.appendingPathComponent(Self.leaf)
            let documents = folder.appendingPathComponent("documents")
            try FileManager.default.createDirectory(at: documents, withIntermediateDirectories: true)
            try Self.qna.write(to: folder.appendingPathComponent("qna.yaml"), atomically: true, encoding: .utf8)
            try "Ostriches cannot fly.\n".write(
                to: documents.appendingPathComponent("02-ostrich.md"), atomically: true, encoding: .utf8)
            try "Terns migrate far.\n\nThey nest in the Arctic.\n".write(
                to: documents.appendingPathComponent("01-tern.md"), atomically: true, encoding: .utf8)
            try Data([0x25, 0x50, 0x44, 0x46, 0xFF, 0xFE, 0x00, 0xC3]).write(
                to: documents.appendingPathComponent("03-scan.pdf"))
            let output = directory.appendingPathComponent("output")
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            let context = StageContext(
                runID: "run-1", stage: "generate", attempt: 1,
                build: .init(name: "nightly", kind: "nightly", version: nil, model: "lab-model"),
                params: ["variants": .integer(2), "seed": .integer(42)], output: output.path,
                taxonomy: .init(commit: "c0ffee", path: snapshot.path, changedLeaves: [Self.leaf], leaf: Self.leaf))

            var lines: [String] = []
            let succeeded = try BuiltinStages.run("builtin/generate", context: context) { lines.append($0) }

            #expect(succeeded, "\(lines)")
            #expect(lines.contains("warning: \(Self.leaf): document 03-scan.pdf is not UTF-8 text; generating without it"), "\(lines)")
            let dataset = try GeneratedDataset.load(from: output)
            let birds = try #require(dataset.leaves.first { $0.leaf == Self.leaf })
            #expect(birds.documentPassages == ["Terns migrate far.\n\nThey nest in the Arctic.", "Ostriches cannot fly."])
            let records = try String(
                contentsOf: output.appendingPathComponent("leaves/\(Self.leaf)/documents.jsonl"), encoding: .utf8)
            #expect(records.contains("They nest in the Arctic."))
        }
    }

    @Test func aLeafWithoutADocumentsFolderHasNoPassages() async throws {
        try await withTemporaryDirectory { directory in
            let snapshot = directory.appendingPathComponent("snapshot")
            let folder = snapshot.appendingPathComponent(Self.leaf)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Self.qna.write(to: folder.appendingPathComponent("qna.yaml"), atomically: true, encoding: .utf8)
            let output = directory.appendingPathComponent("output")
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            let context = StageContext(
                runID: "run-1", stage: "generate", attempt: 1,
                build: .init(name: "nightly", kind: "nightly", version: nil, model: "lab-model"),
                params: [:], output: output.path,
                taxonomy: .init(commit: "c0ffee", path: snapshot.path, changedLeaves: [Self.leaf], leaf: Self.leaf))

            var lines: [String] = []
            #expect(try BuiltinStages.run("builtin/generate", context: context) { lines.append($0) }, "\(lines)")
            let dataset = try GeneratedDataset.load(from: output)
            #expect(dataset.leaves.map(\.documentPassages) == [[]])
            #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("leaves/\(Self.leaf)/documents.jsonl").path))
        }
    }
}
