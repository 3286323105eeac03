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

    /// In the mirror: the changed leaves are a change's files (the CI validates them as the
    /// newest version), `--all` the whole taxonomy; only ilab reads knowledge documents.
    @Test func theMirrorsLeavesAsAChangeAndAsTheWholeTaxonomy() async throws {
        try await withTemporaryDirectory { directory in
            let taxonomy = try GitFixture(at: directory.appendingPathComponent("tax"))
            let legacy = "compositional_skills/writing/legacy"
            try taxonomy.write(legacy + "/qna.yaml", "version: 2\ncreated_by: someone\ntask_description: Writing\nseed_examples:\n" + Self.seeds)
            try taxonomy.write(legacy + "/attribution.txt", "Title of work: x\n")
            let knowledge = "knowledge/science/animals/birds/black_capped_chickadee"
            let sample = try String(
                contentsOf: InstructLabFixtures.taxonomySamples.appendingPathComponent(knowledge + "/qna.yaml"), encoding: .utf8)
            // A document repository that is not there.
            try taxonomy.write(knowledge + "/qna.yaml", sample.replacingOccurrences(
                of: "https://github.com/juliadenham/Summit_knowledge", with: directory.path + "/no-such-documents"))
            try taxonomy.write(knowledge + "/attribution.txt", "Title of work: chickadee\n")
            let base = try taxonomy.commitAll("A legacy skill and a knowledge leaf")
            try "version: 1\nmodel: {name: m}\ntaxonomy: {url: tax, branch: main}\nstages: {validate: {uses: builtin/validate}}\nbuilds: {nightly: {}}\n"
                .write(to: directory.appendingPathComponent("builds.yaml"), atomically: true, encoding: .utf8)
            #expect(try await runModelbuild(["taxonomy", "sync"], in: directory).status == 0)

            let ilabAll = try await runModelbuild(["taxonomy", "check", "--all", "--mode", "ilab"], in: directory)
            #expect(ilabAll.status == 1, "\(ilabAll.standardOutput)")
            #expect(ilabAll.standardOutput.contains("no-such-documents"), "\(ilabAll.standardOutput)")
            let ciAll = try await runModelbuild(["taxonomy", "check", "--all", "--mode", "ci"], in: directory)
            #expect(ciAll.status == 0, "\(ciAll.standardOutput)\(ciAll.standardError)")
            #expect(ciAll.standardOutput.contains("2 leaves checked: 0 errors"))

            try taxonomy.write(legacy + "/qna.yaml", "version: 2\ncreated_by: someone else\ntask_description: Writing\nseed_examples:\n" + Self.seeds)
            try taxonomy.commitAll("Change the legacy skill")
            #expect(try await runModelbuild(["taxonomy", "sync"], in: directory).status == 0)
            let ilabChanged = try await runModelbuild(["taxonomy", "check", "--base", base.hex, "--mode", "ilab"], in: directory)
            #expect(ilabChanged.status == 0, "\(ilabChanged.standardOutput)\(ilabChanged.standardError)")
            #expect(ilabChanged.standardOutput == "1 leaves checked: 0 errors\n")
            let ciChanged = try await runModelbuild(["taxonomy", "check", "--base", base.hex, "--mode", "ci"], in: directory)
            #expect(ciChanged.status == 1, "\(ciChanged.standardOutput)")
            #expect(ciChanged.standardOutput.contains("ERROR: \(legacy)/qna.yaml:1:10 [.version] 3 was expected"), "\(ciChanged.standardOutput)")
        }
    }
}
