import Foundation
import StageProtocol
import Stages
import TestSupport
import Testing

/// `builtin/validate` on a real snapshot folder.
@Suite struct ValidateStageTests {
    static let kept = "compositional_skills/writing/poem"
    static let lost = "compositional_skills/writing/limerick"

    /// A snapshot holding `kept` but not `lost`, as one written by an older modelbuild
    /// that left a changed leaf out, reused for the same commit.
    @Test(arguments: [false, true])
    func aChangedLeafTheSnapshotLacksIsAnError(validateAll: Bool) async throws {
        try await withTemporaryDirectory { directory in
            let snapshot = directory.appendingPathComponent("snapshot")
            let leaf = snapshot.appendingPathComponent(Self.kept)
            try FileManager.default.createDirectory(at: leaf, withIntermediateDirectories: true)
            try skillLeaf(ofSize: 400).write(to: leaf.appendingPathComponent("qna.yaml"), atomically: true, encoding: .utf8)
            try "Title of work: poems\n".write(
                to: leaf.appendingPathComponent("attribution.txt"), atomically: true, encoding: .utf8)
            let output = directory.appendingPathComponent("output")
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            let context = StageContext(
                runID: "run-1", stage: "validate", attempt: 1,
                build: .init(name: "nightly", kind: "nightly", version: nil, model: "lab-model"),
                params: validateAll ? ["all": .bool(true)] : [:], output: output.path,
                taxonomy: .init(commit: "c0ffee", path: snapshot.path, changedLeaves: [Self.lost, Self.kept]))

            var lines: [String] = []
            let succeeded = try BuiltinStages.run("builtin/validate", context: context) { lines.append($0) }

            #expect(!succeeded)
            let expected = "ERROR: \(Self.lost)/qna.yaml:1:1 changed leaf \(Self.lost) is missing from the taxonomy snapshot \(snapshot.path)"
            #expect(lines.contains { $0.hasPrefix(expected) }, "\(lines)")
            let data = try Data(contentsOf: output.appendingPathComponent("validation.json"))
            let validation = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(validation["errors"] as? Int == 1)
            let leaves = try #require(validation["leaves"] as? [[String: Any]])
            #expect(leaves.map { $0["path"] as? String } == [Self.lost, Self.kept])
            #expect(leaves.map { $0["valid"] as? Bool } == [false, true])
        }
    }
}
