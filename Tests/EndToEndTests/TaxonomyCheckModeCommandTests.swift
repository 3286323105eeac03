import Foundation
import TestSupport
import Testing

/// `taxonomy check --mode ilab|ci` on files where the two references disagree, and
/// builds.yaml's `taxonomy.mode` as the default.
@Suite struct TaxonomyCheckModeCommandTests {
    static let spaced = "compositional_skills/writing/spaced"
    static let tabbed = "compositional_skills/writing/tabbed"

    /// A version-3 leaf with a yamllint warning, and a version-1 leaf with a tab only
    /// PyYAML's loader refuses.
    static func writeLeaves(in directory: URL) throws {
        let seeds = (1...5).map { "  - question: q\($0)\n    answer: a\($0)\n" }.joined()
        let files = [
            (spaced, "version: 3\ncreated_by: someone\ntask_description:   Writing\nseed_examples:\n" + seeds),
            (tabbed, "created_by: someone\ntask_description: Writing\nseed_examples:\n  - question: q0\n    answer:\t|\n      a0\n" + seeds),
        ]
        for (leaf, text) in files {
            let folder = directory.appendingPathComponent(leaf)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try text.write(to: folder.appendingPathComponent("qna.yaml"), atomically: true, encoding: .utf8)
            try "Title of work: x\n".write(to: folder.appendingPathComponent("attribution.txt"), atomically: true, encoding: .utf8)
        }
    }

    @Test func ilabRefusesWhatCILetsThrough() async throws {
        try await withTemporaryDirectory { directory in
            try Self.writeLeaves(in: directory)
            let paths = [Self.spaced + "/qna.yaml", Self.tabbed + "/qna.yaml"]

            let ilab = try await runModelbuild(["taxonomy", "check", "--mode", "ilab"] + paths, in: directory)
            #expect(ilab.status == 1)
            #expect(ilab.standardOutput.contains("ERROR: \(Self.spaced)/qna.yaml:3:20 too many spaces after colon (colons)"), "\(ilab.standardOutput)")
            #expect(ilab.standardOutput.contains("ERROR: \(Self.tabbed)/qna.yaml:5:12 syntax error: found character '\\t'"), "\(ilab.standardOutput)")
            #expect(ilab.standardOutput.contains("2 leaves checked: 2 errors"))

            let ci = try await runModelbuild(["taxonomy", "check", "--mode", "ci"] + paths, in: directory)
            #expect(ci.status == 0, "\(ci.standardOutput)")
            #expect(ci.standardOutput.contains("WARN: \(Self.spaced)/qna.yaml:3:20 too many spaces after colon (colons)"))
            #expect(ci.standardOutput.contains("2 leaves checked: 0 errors"))

            // builds.yaml's taxonomy.mode is the default.
            try "version: 1\nmodel: {name: m}\ntaxonomy: {url: tax, mode: ci}\nstages: {validate: {uses: builtin/validate}}\nbuilds: {nightly: {}}\n"
                .write(to: directory.appendingPathComponent("builds.yaml"), atomically: true, encoding: .utf8)
            let configured = try await runModelbuild(["taxonomy", "check"] + paths, in: directory)
            #expect(configured.status == 0, "\(configured.standardOutput)\(configured.standardError)")
        }
    }
}
