import Foundation
import Git
import TestSupport
import Testing

@Suite("Bare mirror of a remote")
struct RemoteMirrorTests {
    /// Tiny backoffs keep the retry tests fast.
    static let quickRetry = RetryPolicy(attempts: 3, initialBackoff: .milliseconds(1))

    @Test(arguments: [false, true])
    func firstSynchronisationClonesEveryBranchAndTag(usingFileURL: Bool) async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try TaxonomyFixture(at: directory.appendingPathComponent("upstream"))
            try fixture.upstream.git("tag", "-a", "v1", "-m", "First release", fixture.initial.hex)
            let url = usingFileURL ? fixture.upstream.directory.absoluteString : fixture.upstream.directory.path
            let mirrorDirectory = directory.appendingPathComponent(".modelbuild/taxonomy.git")
            let mirror = RemoteMirror(remoteURL: url, directory: mirrorDirectory, retry: Self.quickRetry)
            let recorder = EventRecorder()

            let result = try await mirror.synchronize(onEvent: recorder.record)

            #expect(result.outcome == .created)
            #expect(result.attempts == 1)
            #expect(result.transfer.totalObjects > 0)
            #expect(result.transfer.receivedObjects == result.transfer.totalObjects)
            let lastTransfer = try #require(recorder.transfers.last)
            #expect(lastTransfer.receivedBytes > 0)
            #expect(Set(result.updatedReferences.map(\.name)) == [
                "refs/heads/main", "refs/heads/add-dogs", "refs/tags/v1",
            ])
            #expect(result.updatedReferences.allSatisfy { $0.old == nil && $0.new != nil })

            let repository = try mirror.open()
            #expect(repository.isBare)
            #expect(try repository.resolveCommit("main") == fixture.squashOfPullRequest13)
            #expect(try repository.resolveCommit("HEAD") == fixture.squashOfPullRequest13)
            #expect(try repository.resolveCommit("v1") == fixture.initial)
            #expect(try repository.tags()["v1"] == fixture.upstream.id("refs/tags/v1"))
            let siblings = try FileManager.default.contentsOfDirectory(
                atPath: mirrorDirectory.deletingLastPathComponent().path)
            #expect(siblings == ["taxonomy.git"])
        }
    }

    @Test func laterSynchronisationFetchesNewMerges() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try TaxonomyFixture(at: directory.appendingPathComponent("upstream"))
            let mirror = RemoteMirror(
                remoteURL: fixture.upstream.directory.path,
                directory: directory.appendingPathComponent("mirror.git"), retry: Self.quickRetry)
            _ = try await mirror.synchronize()

            let unchanged = try await mirror.synchronize()
            #expect(unchanged.outcome == .fetched)
            #expect(unchanged.updatedReferences.isEmpty)

            let upstream = fixture.upstream
            try upstream.git("checkout", "--quiet", "-b", "add-fish")
            try upstream.write("knowledge/animals/fish/qna.yaml", "version: 3\ndomain: fish\n")
            try upstream.commitAll("Add fish")
            try upstream.git("checkout", "--quiet", "main")
            let merge = try upstream.mergeNoFastForward("add-fish", message: "Merge pull request #14 from c/fish")
            try upstream.write("knowledge/animals/owls/qna.yaml", "version: 3\ndomain: owls\n")
            let squash = try upstream.commitAll("Add owls (#15)")

            let result = try await mirror.synchronize()

            #expect(result.outcome == .fetched)
            #expect(result.updatedReferences.contains(
                ReferenceUpdate(name: "refs/heads/main", old: fixture.squashOfPullRequest13, new: squash)))
            #expect(result.updatedReferences.contains(
                ReferenceUpdate(name: "refs/heads/add-fish", old: nil, new: try upstream.id("add-fish"))))
            let repository = try mirror.open()
            let head = try repository.resolveCommit("main")
            #expect(head == squash)
            let log = try repository.firstParentLog(from: fixture.squashOfPullRequest13, to: head)
            #expect(log.commits.map(\.id) == [squash, merge])
            #expect(log.commits.map(\.pullRequestNumber) == [15, 14])
        }
    }

    @Test func forcePushedBranchIsFollowedAndItsRewriteDetected() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try TaxonomyFixture(at: directory.appendingPathComponent("upstream"))
            let mirror = RemoteMirror(
                remoteURL: fixture.upstream.directory.path,
                directory: directory.appendingPathComponent("mirror.git"), retry: Self.quickRetry)
            _ = try await mirror.synchronize()
            let before = try mirror.open().resolveCommit("main")

            try fixture.upstream.git("reset", "--quiet", "--hard", fixture.mergeOfPullRequest12.hex)
            try fixture.upstream.write(TaxonomyFixture.birdsLeaf, "version: 3\ndomain: parrots\n")
            let rewritten = try fixture.upstream.commitAll("Add parrots (#16)")
            try fixture.upstream.git("branch", "--quiet", "-D", "add-dogs")
            let result = try await mirror.synchronize()

            #expect(result.updatedReferences.contains(
                ReferenceUpdate(name: "refs/heads/main", old: before, new: rewritten)))
            #expect(result.updatedReferences.contains { $0.name == "refs/heads/add-dogs" && $0.new == nil })
            let repository = try mirror.open()
            let after = try repository.resolveCommit("main")
            #expect(after == rewritten)
            #expect(try !repository.isAncestor(before, of: after))
            #expect(try repository.relation(from: before, to: after) == .rewritten(mergeBase: fixture.mergeOfPullRequest12))
            #expect(try repository.branches().keys.sorted() == ["main"])
        }
    }

    @Test(arguments: [false, true])
    func unreachableRemoteFailsClearlyAfterRetriesAndLeavesNoMirror(usingFileURL: Bool) async throws {
        try await withTemporaryDirectory { directory in
            let remote = directory.appendingPathComponent("no-such-remote")
            let missing = usingFileURL ? remote.absoluteString : remote.path
            let parent = directory.appendingPathComponent("state")
            let mirror = RemoteMirror(
                remoteURL: missing, directory: parent.appendingPathComponent("taxonomy.git"),
                retry: Self.quickRetry)
            let recorder = EventRecorder()

            let error = await #expect(throws: GitError.self) {
                try await mirror.synchronize(onEvent: recorder.record)
            }

            #expect(error?.kind == .remoteUnavailable(url: missing, attempts: 3))
            #expect(error?.message.contains(remote.path) == true)
            #expect(error?.description.contains(missing) == true)
            #expect(error?.message.contains("after 3 attempts") == true)
            #expect(error?.repositoryPath == mirror.directory.path)
            #expect(recorder.retries.map(\.attempt) == [1, 2])
            #expect(recorder.retries.allSatisfy { $0.of == 3 })
            let leftBehind = try FileManager.default.contentsOfDirectory(atPath: parent.path)
            #expect(leftBehind.isEmpty)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func cancellingDuringBackoffStopsPromptlyWithCancelled() async throws {
        try await withTemporaryDirectory { directory in
            let parent = directory.appendingPathComponent("state")
            let mirror = RemoteMirror(
                remoteURL: directory.appendingPathComponent("no-such-remote").path,
                directory: parent.appendingPathComponent("taxonomy.git"),
                retry: RetryPolicy(attempts: 5, initialBackoff: .seconds(300)))
            let (retrying, signal) = AsyncStream.makeStream(of: Void.self)
            let task = Task {
                try await mirror.synchronize { event in
                    if case .retrying = event { signal.yield() }
                }
            }
            for await _ in retrying { break }
            task.cancel()

            let outcome = await task.result
            guard case .failure(let error) = outcome else {
                Issue.record("a cancelled synchronisation succeeded")
                return
            }
            #expect((error as? GitError)?.kind == .cancelled)
            let leftBehind = try FileManager.default.contentsOfDirectory(atPath: parent.path)
            #expect(leftBehind.isEmpty)
        }
    }

    @Test func failedFetchIntoExistingMirrorKeepsItsReferences() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try TaxonomyFixture(at: directory.appendingPathComponent("upstream"))
            let mirrorDirectory = directory.appendingPathComponent("mirror.git")
            _ = try await RemoteMirror(
                remoteURL: fixture.upstream.directory.path, directory: mirrorDirectory
            ).synchronize()
            let gone = RemoteMirror(
                remoteURL: directory.appendingPathComponent("moved-away").path, directory: mirrorDirectory,
                retry: RetryPolicy(attempts: 2, initialBackoff: .milliseconds(1)))

            let error = await #expect(throws: GitError.self) { try await gone.synchronize() }

            #expect(error?.kind == .remoteUnavailable(url: gone.remoteURL, attempts: 2))
            #expect(try gone.open().resolveCommit("main") == fixture.squashOfPullRequest13)
        }
    }

    @Test func directoryThatIsNoRepositoryIsReportedAndKept() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try TaxonomyFixture(at: directory.appendingPathComponent("upstream"))
            let occupied = directory.appendingPathComponent("occupied")
            try FileManager.default.createDirectory(at: occupied, withIntermediateDirectories: true)
            try Data("keep me".utf8).write(to: occupied.appendingPathComponent("notes.txt"))
            let mirror = RemoteMirror(remoteURL: fixture.upstream.directory.path, directory: occupied)

            let error = await #expect(throws: GitError.self) { try await mirror.synchronize() }

            #expect(error?.kind == .notARepository)
            #expect(FileManager.default.fileExists(atPath: occupied.appendingPathComponent("notes.txt").path))
        }
    }

    @Test func emptyDirectoryIsReplacedByTheFirstClone() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try TaxonomyFixture(at: directory.appendingPathComponent("upstream"))
            let empty = directory.appendingPathComponent("mirror.git")
            try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
            let mirror = RemoteMirror(remoteURL: fixture.upstream.directory.path, directory: empty)

            let result = try await mirror.synchronize()

            #expect(result.outcome == .created)
            #expect(try mirror.open().resolveCommit("main") == fixture.squashOfPullRequest13)
        }
    }

    @Test func retryBackoffGrowsExponentiallyUpToTheMaximum() {
        let policy = RetryPolicy(
            attempts: 6, initialBackoff: .seconds(1), multiplier: 2, maximumBackoff: .seconds(5))
        #expect((1...5).map(policy.backoff(afterAttempt:)) == [
            .seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5),
        ])
    }
}
