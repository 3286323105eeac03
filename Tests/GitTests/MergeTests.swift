import Foundation
import Git
import TestSupport
import Testing

/// In-memory merges (issue 15): a clean merge gives a tree and a commit no ref points
/// at; a conflict names its files; pull-request refs are read by number.
@Suite struct MergeTests {
    /// main and two branches off it: `clean` adds a file, `clash` changes main's line.
    static func repository(in directory: URL) throws -> (GitFixture, Repository) {
        let fixture = try GitFixture(at: directory)
        try fixture.write("notes.txt", "one\n")
        try fixture.commitAll("Start")
        try fixture.git("checkout", "--quiet", "-b", "clean")
        try fixture.write("birds/qna.yaml", "birds\n")
        try fixture.commitAll("Add birds")
        try fixture.git("checkout", "--quiet", "-b", "clash", "main")
        try fixture.write("notes.txt", "theirs\n")
        try fixture.commitAll("Change notes")
        try fixture.git("checkout", "--quiet", "main")
        try fixture.write("notes.txt", "ours\n")
        try fixture.commitAll("Change notes on main")
        try fixture.git("update-ref", "refs/pull/7/head", "clean")
        try fixture.git("update-ref", "refs/pull/8/head", "clash")
        return (fixture, try Repository(openingAt: directory))
    }

    @Test func aCleanMergeWritesATreeAndACommitWithoutMovingARef() async throws {
        try await withTemporaryDirectory { directory in
            let (fixture, repository) = try Self.repository(in: directory)
            let main = try fixture.id("main")
            let clean = try fixture.id("clean")
            let refsBefore = try fixture.git("for-each-ref")
            guard case .merged(let tree) = try repository.merge(clean, into: main) else {
                Issue.record("the merge conflicted")
                return
            }
            let commit = try repository.writeCommit(
                tree: tree, parents: [main, clean], message: "Candidate\n", author: "modelbuild", email: "m@localhost",
                date: Date(timeIntervalSince1970: 1_700_000_000))
            #expect(try fixture.git("show", "\(commit.hex):notes.txt") == "ours")
            #expect(try fixture.git("show", "\(commit.hex):birds/qna.yaml") == "birds")
            #expect(try fixture.git("for-each-ref") == refsBefore)
            #expect(try fixture.git("status", "--porcelain").isEmpty)
            let again = try repository.writeCommit(
                tree: tree, parents: [main, clean], message: "Candidate\n", author: "modelbuild", email: "m@localhost",
                date: Date(timeIntervalSince1970: 1_700_000_000))
            #expect(again == commit)
            #expect(try repository.mergeBase(clean, main) == fixture.id("main~1"))
        }
    }

    @Test func aConflictNamesItsFiles() async throws {
        try await withTemporaryDirectory { directory in
            let (fixture, repository) = try Self.repository(in: directory)
            #expect(try repository.merge(fixture.id("clash"), into: fixture.id("main")) == .conflicted(paths: ["notes.txt"]))
        }
    }

    @Test func pullRequestReferencesAreListedByFullName() async throws {
        try await withTemporaryDirectory { directory in
            let (fixture, repository) = try Self.repository(in: directory)
            #expect(
                try repository.references(matching: "refs/pull/*/head") == [
                    "refs/pull/7/head": try fixture.id("clean"), "refs/pull/8/head": try fixture.id("clash"),
                ])
        }
    }
}
