import Foundation
import Git
import TestSupport
import Testing

/// `modelbuild taxonomy check` as a taxonomy repository's CI and a maintainer use it.
@Suite struct TaxonomyCheckCommandTests {
    @Test func filesOnDiskWithGitHubAnnotations() async throws {
        try await withTemporaryDirectory { directory in
            let leaf = directory.appendingPathComponent("compositional_skills/writing/short")
            try FileManager.default.createDirectory(at: leaf, withIntermediateDirectories: true)
            try "version: 3\ncreated_by: someone\ntask_description: x\nseed_examples: []\n"
                .write(to: leaf.appendingPathComponent("qna.yaml"), atomically: true, encoding: .utf8)
            try "Title of work: x\n".write(
                to: leaf.appendingPathComponent("attribution.txt"), atomically: true, encoding: .utf8)
            let result = try await runModelbuild(
                ["taxonomy", "check", "--format", "github", "compositional_skills/writing/short/qna.yaml"],
                in: directory)
            #expect(result.status == 1)
            #expect(
                result.standardOutput.hasPrefix(
                    "::error file=compositional_skills/writing/short/qna.yaml,line=4,col=16::"))
            #expect(result.standardOutput.contains("Value must have at least 5 items"))
        }
    }

    /// A leaf's file name is a contributor's text: the text format prints it escaped.
    @Test func aFileNameWithAnEscapeSequenceIsPrintedEscaped() async throws {
        try await withTemporaryDirectory { directory in
            let name = "compositional_skills/writing/x\u{1b}[2J"
            let leaf = directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: leaf, withIntermediateDirectories: true)
            try "version: 3\ncreated_by: someone\ntask_description: x\nseed_examples: []\n"
                .write(to: leaf.appendingPathComponent("qna.yaml"), atomically: true, encoding: .utf8)
            let result = try await runModelbuild(["taxonomy", "check", name + "/qna.yaml"], in: directory)
            #expect(result.status == 1, "\(result.standardOutput)\(result.standardError)")
            #expect(!result.standardOutput.contains("\u{1b}"), "\(result.standardOutput)")
            #expect(result.standardOutput.contains("ERROR: compositional_skills/writing/x\\u{1b}[2J/qna.yaml:"), "\(result.standardOutput)")
        }
    }

    @Test func everyLeafOfTheSampleTaxonomyIsValid() async throws {
        try await withTemporaryDirectory { directory in
            let project = try NightlyBuildTests.makeProject(in: directory)
            let sync = try await runModelbuild(["taxonomy", "sync"], in: project)
            #expect(sync.status == 0, "\(sync.standardError)")
            let result = try await runModelbuild(["taxonomy", "check", "--all"], in: project)
            #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
            #expect(result.standardOutput.contains("6 leaves checked: 0 errors"))
        }
    }

    /// A change in `poem` checks `poem` only: the problem of its sibling `poems`, whose
    /// name `poem` prefixes, is reported by `--all` but not for the changed leaves.
    @Test func aChangedLeafLeavesOutTheProblemsOfASiblingItsNamePrefixes() async throws {
        try await withTemporaryDirectory { directory in
            let taxonomy = try GitFixture(at: directory.appendingPathComponent("tax"))
            try taxonomy.write("compositional_skills/writing/poem/qna.yaml", skillLeaf(ofSize: 400))
            try taxonomy.write("compositional_skills/writing/poem/attribution.txt", "Title of work: poems\n")
            try taxonomy.write("compositional_skills/writing/poems/qna.yml", skillLeaf(ofSize: 400))
            let base = try taxonomy.commitAll("A leaf and a misnamed sibling")
            try taxonomy.write("compositional_skills/writing/poem/qna.yaml", skillLeaf(ofSize: 500))
            try taxonomy.commitAll("Change the leaf")
            try "version: 1\nmodel: {name: lab-model}\ntaxonomy: {url: tax, branch: main}\nstages:\n  validate: {uses: builtin/validate}\nbuilds:\n  nightly: {}\n"
                .write(to: directory.appendingPathComponent("builds.yaml"), atomically: true, encoding: .utf8)
            let sync = try await runModelbuild(["taxonomy", "sync"], in: directory)
            #expect(sync.status == 0, "\(sync.standardError)")

            let changed = try await runModelbuild(["taxonomy", "check", "--base", base.hex], in: directory)
            #expect(changed.status == 0, "\(changed.standardOutput)\(changed.standardError)")
            #expect(changed.standardOutput == "1 leaves checked: 0 errors\n")

            let all = try await runModelbuild(["taxonomy", "check", "--all"], in: directory)
            #expect(all.status == 1, "\(all.standardOutput)\(all.standardError)")
            #expect(all.standardOutput.contains("compositional_skills/writing/poems/qna.yml"), "\(all.standardOutput)")
        }
    }
}
