import Foundation
import Git
import TestSupport
import Testing

@Suite("First-parent history, resolution and ancestry")
struct HistoryTests {
    @Test func firstParentLogListsMergedChangesNewestFirstWithPullRequestNumbers() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try TaxonomyFixture(at: directory)
            let repository = try Repository(openingAt: directory)
            let log = try repository.firstParentLog(from: fixture.initial, to: fixture.squashOfPullRequest13)

            #expect(!log.isTruncated)
            #expect(log.commits.map(\.id) == [fixture.squashOfPullRequest13, fixture.mergeOfPullRequest12])
            #expect(log.commits.map(\.pullRequestNumber) == [13, 12])
            #expect(log.commits.map(\.subject) == ["Add birds (#13)", "Merge pull request #12 from a/b"])
            #expect(log.commits.map(\.parentCount) == [1, 2])
            let squash = try #require(log.commits.first)
            #expect(squash.message.hasPrefix("Add birds (#13)\n\n* Add birds"))
            #expect(squash.authorName == "Ada Author")
            #expect(squash.authorEmail == "ada@example.com")
            let expectedDate = try fixture.upstream.git("log", "-1", "--format=%at", squash.id.hex)
            #expect(squash.authorDate == Date(timeIntervalSince1970: try #require(TimeInterval(expectedDate))))
        }
    }

    @Test func logWithoutStartListsAllFirstParentHistory() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try TaxonomyFixture(at: directory)
            let repository = try Repository(openingAt: directory)
            let log = try repository.firstParentLog(from: nil, to: fixture.squashOfPullRequest13)
            let expected = try fixture.upstream.git("rev-list", "--first-parent", "main")
                .split(separator: "\n").map(String.init)
            #expect(log.commits.map(\.id.hex) == expected)
            #expect(log.commits.count == 3)
            #expect(log.commits.last?.pullRequestNumber == nil)
        }
    }

    @Test func logStopsAtTheMaximumAndSaysSo() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try TaxonomyFixture(at: directory)
            let repository = try Repository(openingAt: directory)
            let bounded = try repository.firstParentLog(from: nil, to: fixture.squashOfPullRequest13, maxCount: 2)
            #expect(bounded.isTruncated)
            #expect(bounded.commits.map(\.id) == [fixture.squashOfPullRequest13, fixture.mergeOfPullRequest12])
            let exact = try repository.firstParentLog(from: nil, to: fixture.squashOfPullRequest13, maxCount: 3)
            #expect(!exact.isTruncated)
            #expect(exact.commits.count == 3)
        }
    }

    @Test func logOfAnUnchangedBranchIsEmpty() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try TaxonomyFixture(at: directory)
            let repository = try Repository(openingAt: directory)
            let log = try repository.firstParentLog(
                from: fixture.squashOfPullRequest13, to: fixture.squashOfPullRequest13)
            #expect(log.commits.isEmpty)
            #expect(!log.isTruncated)
        }
    }

    @Test func resolvesBranchesRevspecsAndFullIds() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try TaxonomyFixture(at: directory)
            let repository = try Repository(openingAt: directory)
            #expect(try repository.resolveCommit("main") == fixture.squashOfPullRequest13)
            #expect(try repository.resolveCommit("refs/heads/main") == fixture.squashOfPullRequest13)
            #expect(try repository.resolveCommit("main~1") == fixture.mergeOfPullRequest12)
            #expect(try repository.resolveCommit(fixture.initial.hex) == fixture.initial)
            #expect(try repository.resolveCommit("add-dogs") == fixture.upstream.id("add-dogs"))
            try fixture.upstream.git("tag", "main", fixture.initial.hex)
            #expect(try repository.branchHead("main") == fixture.squashOfPullRequest13)
            #expect(try repository.resolveCommit("main") == fixture.initial)
            let missingBranch = #expect(throws: GitError.self) { try repository.branchHead("nope") }
            #expect(missingBranch?.kind == .notFound)
            let error = #expect(throws: GitError.self) { try repository.resolveCommit("no-such-branch") }
            #expect(error?.kind == .notFound)
            #expect(error?.description.contains("no-such-branch") == true)
        }
    }

    @Test func resolvingATreeIsNotACommit() async throws {
        try await withTemporaryDirectory { directory in
            _ = try TaxonomyFixture(at: directory)
            let repository = try Repository(openingAt: directory)
            let error = #expect(throws: GitError.self) { try repository.resolveCommit("main:knowledge") }
            #expect(error?.kind == .notACommit)
        }
    }

    @Test func ancestryTellsFastForwardFromRewrittenHistory() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try TaxonomyFixture(at: directory)
            let repository = try Repository(openingAt: directory)
            let head = fixture.squashOfPullRequest13
            #expect(try repository.isAncestor(fixture.initial, of: head))
            #expect(try !repository.isAncestor(head, of: fixture.initial))
            #expect(try !repository.isAncestor(head, of: head))
            #expect(try repository.relation(from: fixture.initial, to: head) == .fastForward)
            #expect(try repository.relation(from: head, to: fixture.initial) == .rewound)
            #expect(try repository.relation(from: head, to: head) == .unchanged)

            try fixture.upstream.git("reset", "--quiet", "--hard", fixture.mergeOfPullRequest12.hex)
            try fixture.upstream.write("docs/README.md", "# Rewritten\n")
            let rewritten = try fixture.upstream.commitAll("Rewrite history")
            let relation = try repository.relation(from: head, to: rewritten)
            #expect(relation == .rewritten(mergeBase: fixture.mergeOfPullRequest12))
            #expect(relation.isRewrite)

            try fixture.upstream.git("checkout", "--quiet", "--orphan", "unrelated")
            let orphan = try fixture.upstream.commitAll("Start over")
            #expect(try repository.relation(from: head, to: orphan) == .unrelated)
        }
    }

    @Test func listsBranchesAndTags() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try TaxonomyFixture(at: directory)
            try fixture.upstream.git("tag", "v1", fixture.initial.hex)
            let repository = try Repository(openingAt: directory)
            #expect(try repository.branches() == [
                "main": fixture.squashOfPullRequest13, "add-dogs": try fixture.upstream.id("add-dogs"),
            ])
            #expect(try repository.tags() == ["v1": fixture.initial])
        }
    }

    @Test func openingADirectoryWithoutARepositoryNamesIt() async {
        await withTemporaryDirectory { directory in
            let error = #expect(throws: GitError.self) { try Repository(openingAt: directory) }
            #expect(error?.kind == .notARepository)
            #expect(error?.repositoryPath == directory.path)
        }
    }
}
