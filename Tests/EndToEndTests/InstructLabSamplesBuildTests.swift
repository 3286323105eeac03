import Foundation
import TestSupport
import Testing

/// The real taxonomy samples from InstructLab (`InstructLabFixtures`) built end to end.
/// Their knowledge leaf names its documents on GitHub; tests never touch the network, so
/// the test serves a document from a local repository and points the leaf at it.
///
/// The knowledge leaf is also built where a `knowledge` folder sits inside
/// `compositional_skills`: validation checks it as knowledge (the last taxonomy folder of
/// its path, as InstructLab's `TaxonomyParser` does), so its documents are fetched too.
@Suite struct InstructLabSamplesBuildTests {
    @Test(arguments: [
        "knowledge/science/animals/birds/black_capped_chickadee",
        "compositional_skills/nature/knowledge/birds/black_capped_chickadee",
    ])
    func theInstructLabSamplesBuild(knowledgeLeaf: String) async throws {
        try await withTemporaryDirectory { directory in
            let documents = try GitFixture(at: directory.appendingPathComponent("documents"))
            try documents.write("chickadee.md", "# Black-capped chickadee\n\nA small North American songbird.\n")
            let documentsCommit = try documents.commitAll("Add the chickadee document")

            let taxonomy = try GitFixture(at: directory.appendingPathComponent("taxonomy"))
            try FileManager.default.removeItem(at: taxonomy.directory)
            try FileManager.default.copyItem(at: InstructLabFixtures.taxonomySamples, to: taxonomy.directory)
            _ = try GitFixture(at: taxonomy.directory)
            let sample = "knowledge/science/animals/birds/black_capped_chickadee"
            if knowledgeLeaf != sample {
                let moved = taxonomy.directory.appendingPathComponent(knowledgeLeaf)
                try FileManager.default.createDirectory(
                    at: moved.deletingLastPathComponent(), withIntermediateDirectories: true)
                try FileManager.default.moveItem(at: taxonomy.directory.appendingPathComponent(sample), to: moved)
            }
            let leaf = taxonomy.directory.appendingPathComponent(knowledgeLeaf + "/qna.yaml")
            var text = try String(contentsOf: leaf, encoding: .utf8)
            let start = try #require(text.range(of: "document:\n"))
            text = String(text[..<start.lowerBound])
                + "document:\n  repo: \(documents.directory.path)\n  commit: \(documentsCommit.hex)\n  patterns:\n    - '*.md'\n"
            try text.write(to: leaf, atomically: true, encoding: .utf8)
            try taxonomy.commitAll("The InstructLab samples")

            let project = directory.appendingPathComponent("project")
            try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
            let config = try String(contentsOf: packageRoot.appendingPathComponent("builds.yaml"), encoding: .utf8)
                .replacingOccurrences(of: "url: .modelbuild/sample-taxonomy", with: "url: \(taxonomy.directory.path)")
            try config.write(to: project.appendingPathComponent("builds.yaml"), atomically: true, encoding: .utf8)
            try FileManager.default.copyItem(
                at: packageRoot.appendingPathComponent("plugins"), to: project.appendingPathComponent("plugins"))

            let result = try await runModelbuild(["build", "nightly", "--no-publish"], in: project)
            #expect(result.status == 0, "\(result.standardOutput)\n\(result.standardError)")
            #expect(result.standardOutput.contains("generate[\(knowledgeLeaf)]"))
            #expect(result.standardOutput.contains("build nightly succeeded"))
            #expect(!result.standardOutput.contains("foundational_skills"))

            let snapshot = project.appendingPathComponent(".modelbuild/snapshots/\(try taxonomy.id("HEAD").hex)-v3")
            let document = snapshot.appendingPathComponent(knowledgeLeaf + "/documents/01-chickadee.md")
            #expect(try String(contentsOf: document, encoding: .utf8).contains("A small North American songbird."))
        }
    }
}
