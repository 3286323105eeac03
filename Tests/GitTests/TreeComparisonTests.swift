import Foundation
import TestSupport
import Testing

@testable import Git

/// The fast tree comparison must report exactly what libgit2's diff reports.
@Suite("Tree comparison agrees with libgit2's diff")
struct TreeComparisonTests {
    @Test(arguments: [[], ["knowledge"], ["a", "knowledge/keep/qna.yaml"], ["a.b"], ["missing"]])
    func agreesOnAWideMixOfChanges(paths: [String]) async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory)
            let files = [
                "a", "a.b", "a-b/x", "ab/y", "knowledge/keep/qna.yaml", "knowledge/gone/qna.yaml",
                "knowledge/gone/notes.md", "knowledge/edit/qna.yaml", "knowledge/to-link",
                "knowledge/becomes-dir", "tool.sh",
            ]
            for file in files { try fixture.write(file, "content of \(file)\n") }
            try fixture.git("add", "--all")
            try fixture.git(
                "update-index", "--add", "--cacheinfo", "160000,\(String(repeating: "1", count: 40)),knowledge/sub")
            let before = try fixture.commitStaged("Before")

            try fixture.remove("a")
            try fixture.write("a/inside", "now a directory\n")
            try FileManager.default.removeItem(at: directory.appendingPathComponent("knowledge/gone"))
            try fixture.write("knowledge/edit/qna.yaml", "edited\n")
            try fixture.remove("knowledge/to-link")
            try FileManager.default.createSymbolicLink(
                atPath: directory.appendingPathComponent("knowledge/to-link").path, withDestinationPath: "keep")
            try fixture.remove("knowledge/becomes-dir")
            try fixture.write("knowledge/becomes-dir/qna.yaml", "nested\n")
            try fixture.write("knowledge/new/qna.yaml", "new leaf\n")
            try FileManager.default.setAttributes(
                [.posixPermissions: 0o755], ofItemAtPath: directory.appendingPathComponent("tool.sh").path)
            try fixture.git("add", "--all")
            try fixture.git(
                "update-index", "--add", "--cacheinfo", "160000,\(String(repeating: "2", count: 40)),knowledge/sub")
            let after = try fixture.commitStaged("After")
            let repository = try Repository(openingAt: directory)

            for (from, to) in [(Optional(before), after), (Optional(after), before), (nil, after)] {
                let fast = try repository.changes(from: from, to: to, paths: paths, detectRenames: false)
                let reference = try repository.libgit2Changes(from: from, to: to, paths: paths, detectRenames: false)
                #expect(fast == reference, "from \(from?.hex ?? "nil") to \(to.hex), paths \(paths)")
            }
            let all = try repository.changes(from: before, to: after, detectRenames: false)
            #expect(all.count > 10)
        }
    }

    @Test func fallsBackToLibgit2OnlyWhenRenamesArePossible() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try GitFixture(at: directory)
            try fixture.write("one/qna.yaml", String(repeating: "a long enough line\n", count: 10))
            let before = try fixture.commitAll("Before")
            try fixture.git("mv", "one", "two")
            let after = try fixture.commitAll("After")
            let repository = try Repository(openingAt: directory)

            let detected = try repository.changes(from: before, to: after)
            let reference = try repository.libgit2Changes(from: before, to: after, paths: [], detectRenames: true)
            #expect(detected == reference)
            #expect(detected.map(\.status) == [.renamed(similarity: 100)])
        }
    }
}
