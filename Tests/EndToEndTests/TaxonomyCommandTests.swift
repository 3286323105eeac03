import Foundation
import Git
import TestSupport
import Testing

/// `modelbuild taxonomy sync` and `modelbuild taxonomy diff` against the sample taxonomy
/// that `scripts/sample-taxonomy` makes.
@Suite struct TaxonomyCommandTests {
    /// A project folder with builds.yaml pointing at `tax/`, the sample taxonomy.
    private func makeProject(in directory: URL, taxonomy: Bool = true) async throws -> GitFixture {
        let made = try await runProgram(
            packageRoot.appendingPathComponent("scripts/sample-taxonomy").path,
            [directory.appendingPathComponent("tax").path], in: directory)
        try #require(made.status == 0, "\(made.standardError)")
        let section = taxonomy ? "taxonomy: {url: tax, branch: main}\n" : ""
        let config = "version: 1\nmodel: {name: lab-model}\n\(section)stages:\n  validate: {uses: builtin/validate}\nbuilds:\n  nightly: {}\n"
        try config.write(to: directory.appendingPathComponent("builds.yaml"), atomically: true, encoding: .utf8)
        return try GitFixture(at: directory.appendingPathComponent("tax"))
    }

    @Test func syncTwiceListsTheNewMergesAndDiffShowsTheirLeaves() async throws {
        try await withTemporaryDirectory { directory in
            let taxonomy = try await makeProject(in: directory)
            let first = try await runModelbuild(["taxonomy", "sync"], in: directory)
            #expect(first.status == 0, "\(first.standardError)")
            let firstLines = first.standardOutput.split(separator: "\n").map(String.init)
            #expect(firstLines.first == "Cloned \(directory.appendingPathComponent("tax").path) into .modelbuild/taxonomy.git")
            #expect(firstLines.contains { $0.contains("#7") && $0.contains("Merge pull request #7 from contributor-7/operations") })
            let oldHead = try taxonomy.id("main")

            try taxonomy.git("checkout", "--quiet", "-b", "contributor-8/haiku")
            try taxonomy.write("compositional_skills/writing/haiku/qna.yaml", "version: 3\ntask_description: haiku\n")
            try taxonomy.write("compositional_skills/writing/release_notes/attribution.txt", "Title of work: notes\n")
            try taxonomy.commitAll("Add the haiku skill")
            try taxonomy.git("checkout", "--quiet", "main")
            let newHead = try taxonomy.mergeNoFastForward(
                "contributor-8/haiku", message: "Merge pull request #8 from contributor-8/haiku")

            let second = try await runModelbuild(["taxonomy", "sync"], in: directory)
            #expect(second.status == 0, "\(second.standardError)")
            #expect(
                second.standardOutput.split(separator: "\n").map(String.init) == [
                    "Fetched \(directory.appendingPathComponent("tax").path) into .modelbuild/taxonomy.git",
                    "main is at \(newHead.hex.prefix(7)) (was \(oldHead.hex.prefix(7)))",
                    "1 commit merged since the last sync:",
                    "  \(newHead.hex.prefix(7))  #8     Merge pull request #8 from contributor-8/haiku  (Ada Author)",
                ])

            let diff = try await runModelbuild(["taxonomy", "diff", "--base", String(oldHead.hex.prefix(10))], in: directory)
            #expect(diff.status == 0, "\(diff.standardError)")
            let lines = diff.standardOutput.split(separator: "\n").map(String.init)
            #expect(lines.first == "2 leaves changed between \(oldHead.hex.prefix(7)) and \(newHead.hex.prefix(7)), 1 merged commit")
            #expect(lines.dropFirst().map { $0.split(separator: " ").prefix(2).joined(separator: " ") } == [
                "added compositional_skills/writing/haiku", "modified compositional_skills/writing/release_notes",
            ])
            #expect(lines.last?.hasSuffix("(other files changed)") == true)

            let json = try await runModelbuild(["taxonomy", "diff", "--base", oldHead.hex, "--json"], in: directory)
            #expect(json.status == 0)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
            #expect(object["base"] as? String == oldHead.hex)
            #expect(object["head"] as? String == newHead.hex)
            let leaves = try #require(object["leaves"] as? [[String: Any]])
            #expect(leaves.first?["change"] as? String == "added")
            #expect(leaves.first?["kind"] as? String == "skill")
            #expect(leaves.first?["newBlob"] as? String == (try taxonomy.id("main:compositional_skills/writing/haiku/qna.yaml")).hex)
            #expect(leaves.first?["oldBlob"] is NSNull)
            #expect((object["commits"] as? [[String: Any]])?.first?["pullRequest"] as? Int == 8)
        }
    }

    @Test func diffWithoutBaseListsEveryLeafAsAdded() async throws {
        try await withTemporaryDirectory { directory in
            _ = try await makeProject(in: directory)
            let before = try await runModelbuild(["taxonomy", "diff"], in: directory)
            #expect(before.status == 1)
            #expect(before.standardError.contains("run `modelbuild taxonomy sync` first"))

            #expect(try await runModelbuild(["taxonomy", "sync"], in: directory).status == 0)
            let diff = try await runModelbuild(["taxonomy", "diff"], in: directory)
            #expect(diff.status == 0, "\(diff.standardError)")
            let lines = diff.standardOutput.split(separator: "\n")
            #expect(lines.first?.hasPrefix("6 leaves changed at ") == true)
            #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("  added ") })

            let unknown = try await runModelbuild(["taxonomy", "diff", "--base", "no-such-commit"], in: directory)
            #expect(unknown.status == 2)
            #expect(unknown.standardError.contains("'no-such-commit' is not a commit in the taxonomy mirror"))
        }
    }

    @Test func aForcePushIsAWarning() async throws {
        try await withTemporaryDirectory { directory in
            let taxonomy = try await makeProject(in: directory)
            #expect(try await runModelbuild(["taxonomy", "sync"], in: directory).status == 0)
            let old = try taxonomy.id("main")
            try taxonomy.git("reset", "--quiet", "--hard", "main~2")
            try taxonomy.write("README.md", "# Rewritten\n")
            try taxonomy.commitAll("Rewrite the README (#9)")

            let result = try await runModelbuild(["taxonomy", "sync"], in: directory)
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardError.hasPrefix("warning: main was force-pushed since the last sync: the previous head \(old.hex.prefix(7))"))
            #expect(result.standardOutput.contains("1 commit since the history was rewritten:"))
            #expect(result.standardOutput.contains("#9"))
        }
    }

    /// A contributor's tree entry named with a newline, and a commit subject with a
    /// terminal escape, cannot forge a console line or move the cursor: the path is
    /// refused on the leaf, and both print escaped.
    @Test func controlCharactersInNamesAndSubjectsAreEscapedNeverPrintedRaw() async throws {
        try await withTemporaryDirectory { directory in
            let taxonomy = try await makeProject(in: directory)
            #expect(try await runModelbuild(["taxonomy", "sync"], in: directory).status == 0)
            let base = try taxonomy.id("main")
            let leafFile = try #require(
                try taxonomy.git("ls-tree", "-r", "--name-only", "main", "compositional_skills")
                    .split(separator: "\n").first { $0.hasSuffix("/qna.yaml") })
            let blob = try taxonomy.git("rev-parse", "main:\(leafFile)")
            // git mktree -z takes names git itself would never check out.
            let leafTree = try taxonomy.git("mktree", standardInput: "100644 blob \(blob)\tqna.yaml\n")
            let skills = try taxonomy.git("ls-tree", "-z", "main:compositional_skills")
            let forgedSkills = try taxonomy.git(
                "mktree", "-z", standardInput: skills + "040000 tree \(leafTree)\tforged\nrun succeeded\u{0}")
            let root = try taxonomy.git("ls-tree", "-z", "main").split(separator: "\u{0}").map { entry in
                entry.hasSuffix("\tcompositional_skills") ? "040000 tree \(forgedSkills)\tcompositional_skills" : String(entry)
            }
            let rootTree = try taxonomy.git("mktree", "-z", standardInput: root.joined(separator: "\u{0}") + "\u{0}")
            let commit = try taxonomy.git(
                "commit-tree", rootTree, "-p", base.hex, "-m", "Merge pull request #9 from mallory/\u{1b}[2Jforged")
            try taxonomy.git("update-ref", "refs/heads/main", commit)

            let sync = try await runModelbuild(["taxonomy", "sync"], in: directory)
            let diff = try await runModelbuild(["taxonomy", "diff", "--base", base.hex], in: directory)
            #expect(sync.status == 0, "\(sync.standardError)")
            for output in [sync.standardOutput, sync.standardError, diff.standardOutput, diff.standardError] {
                #expect(!output.split(separator: "\n").contains { $0.hasPrefix("run succeeded") }, "\(output)")
                #expect(!output.unicodeScalars.contains("\u{1b}"), "\(output)")
            }
            #expect(sync.standardOutput.contains("from mallory/\\u{1b}[2Jforged"), "\(sync.standardOutput)")
            #expect(
                (diff.standardOutput + diff.standardError).contains(
                    "compositional_skills/forged\\nrun succeeded/qna.yaml: unsafe path (the path has a control character (U+000A))"),
                "\(diff.standardOutput)\n\(diff.standardError)")
        }
    }

    @Test func noTaxonomyIsAConfigurationErrorAndTheOptionSuppliesOne() async throws {
        try await withTemporaryDirectory { directory in
            _ = try await makeProject(in: directory, taxonomy: false)
            let missing = try await runModelbuild(["taxonomy", "sync"], in: directory)
            #expect(missing.status == 2)
            #expect(missing.standardError == "error: builds.yaml has no taxonomy section; add one (taxonomy: {url: …}) or pass --taxonomy <url-or-path>\n")

            let given = try await runModelbuild(["taxonomy", "sync", "--taxonomy", "tax"], in: directory)
            #expect(given.status == 0, "\(given.standardError)")
            #expect(given.standardOutput.hasPrefix("Cloned \(directory.appendingPathComponent("tax").path)"))
        }
    }

    @Test func anUnreachableRemoteFailsWithExitOne() async throws {
        try await withTemporaryDirectory { directory in
            _ = try await makeProject(in: directory)
            let missing = directory.appendingPathComponent("nowhere").path
            let result = try await runModelbuild(["taxonomy", "sync", "--taxonomy", missing], in: directory)
            #expect(result.status == 1)
            #expect(result.standardError.hasPrefix("error: cannot synchronise the taxonomy mirror (\(missing))"))
            #expect(result.standardError.contains("no such local directory: \(missing)"))
            #expect(result.standardOutput.isEmpty)
        }
    }
}
