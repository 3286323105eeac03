import Foundation
import TestSupport
import Testing

/// `taxonomy check --mode ilab|ci` on files where the two references disagree (their
/// verdicts checked against the real ones when instructlab-schema is installed), and
/// builds.yaml's `taxonomy.mode` as the default.
@Suite struct TaxonomyCheckModeCommandTests {
    static let seeds = (1...5).map { "  - question: q\($0)\n    answer: a\($0)\n" }.joined()

    /// Leaf folder, qna.yaml text, whether an attribution.txt is beside it, and the
    /// verdicts (valid?) of ilab and of the taxonomy CI on it as a change's file.
    static let leaves: [(folder: String, text: String, attributed: Bool, ilab: Bool, ci: Bool)] = [
        // A yamllint warning: an error to ilab only.
        ("compositional_skills/writing/spaced", "version: 3\ncreated_by: someone\ntask_description:   Writing\nseed_examples:\n" + seeds, true, false, true),
        // No attribution.txt: only the CI asks for one.
        ("compositional_skills/writing/unattributed", "version: 3\ncreated_by: someone\ntask_description: Writing\nseed_examples:\n" + seeds, false, true, false),
        // Version 2: the CI validates a change's files as version 3.
        ("compositional_skills/writing/legacy", "version: 2\ncreated_by: someone\ntask_description: Writing\nseed_examples:\n" + seeds, true, true, false),
        // A tab PyYAML's scanner refuses, in a version-1 leaf neither lints: both load with PyYAML.
        ("compositional_skills/writing/tabbed", "created_by: someone\ntask_description: Writing\nseed_examples:\n  - question: q0\n    answer:\t|\n      a0\n" + seeds, true, false, false),
    ]

    static func writeLeaves(in directory: URL) throws {
        for leaf in leaves {
            let folder = directory.appendingPathComponent(leaf.folder)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try leaf.text.write(to: folder.appendingPathComponent("qna.yaml"), atomically: true, encoding: .utf8)
            if leaf.attributed {
                try "Title of work: x\n".write(to: folder.appendingPathComponent("attribution.txt"), atomically: true, encoding: .utf8)
            }
        }
    }

    @Test func eachModeGivesItsReferencesVerdict() async throws {
        try await withTemporaryDirectory { directory in
            try Self.writeLeaves(in: directory)
            let paths = Self.leaves.map { $0.folder + "/qna.yaml" }
            if TaxonomyReference.isInstalled {
                let ilab = try await TaxonomyReference.verdicts(.ilab, root: directory, files: paths)
                let ci = try await TaxonomyReference.verdicts(.ci, root: directory, files: paths)
                #expect(ilab.map(\.isValid) == Self.leaves.map(\.ilab))
                #expect(ci.map(\.isValid) == Self.leaves.map(\.ci))
            }
            for leaf in Self.leaves {
                let path = leaf.folder + "/qna.yaml"
                let ilab = try await runModelbuild(["taxonomy", "check", "--mode", "ilab", path], in: directory)
                #expect(ilab.status == (leaf.ilab ? 0 : 1), "ilab \(path): \(ilab.standardOutput)")
                let ci = try await runModelbuild(["taxonomy", "check", "--mode", "ci", path], in: directory)
                #expect(ci.status == (leaf.ci ? 0 : 1), "ci \(path): \(ci.standardOutput)")
            }

            let spaced = paths[0]
            let ilab = try await runModelbuild(["taxonomy", "check", "--mode", "ilab", spaced], in: directory)
            #expect(ilab.standardOutput.contains("ERROR: \(spaced):3:20 too many spaces after colon (colons)"), "\(ilab.standardOutput)")
            let ci = try await runModelbuild(["taxonomy", "check", "--mode", "ci"] + paths, in: directory)
            #expect(ci.standardOutput.contains("WARN: \(spaced):3:20 too many spaces after colon (colons)"), "\(ci.standardOutput)")
            #expect(ci.standardOutput.contains("ERROR: \(paths[1]):1:1 The \"attribution.txt\" file does not exist or is not a file"))
            #expect(ci.standardOutput.contains("ERROR: \(paths[2]):1:10 [.version] 3 was expected"), "\(ci.standardOutput)")
            #expect(ci.standardOutput.contains("4 leaves checked: 3 errors"))

            // builds.yaml's taxonomy.mode is the default.
            try "version: 1\nmodel: {name: m}\ntaxonomy: {url: tax, mode: ci}\nstages: {validate: {uses: builtin/validate}}\nbuilds: {nightly: {}}\n"
                .write(to: directory.appendingPathComponent("builds.yaml"), atomically: true, encoding: .utf8)
            let configured = try await runModelbuild(["taxonomy", "check", spaced], in: directory)
            #expect(configured.status == 0, "\(configured.standardOutput)\(configured.standardError)")
        }
    }
}
