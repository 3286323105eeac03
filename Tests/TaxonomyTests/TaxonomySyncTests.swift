import Foundation
import Git
import Synchronization
import TestSupport
import Testing

@testable import Taxonomy

/// Synchronising the mirror: clone, fetch, merged commits since the last time, force
/// pushes, failures and the lock.
@Suite struct TaxonomySyncTests {
    private func makeSync(_ upstream: GitFixture, state: URL, branch: String = "main") -> TaxonomySync {
        TaxonomySync(
            remoteURL: upstream.directory.path, branch: branch, state: TaxonomyStateLayout(root: state),
            retry: .never)
    }

    @Test func secondSyncFetchesAndListsTheMergesSinceTheFirst() async throws {
        try await withTemporaryDirectory { directory in
            let upstream = try GitFixture(at: directory.appendingPathComponent("upstream"))
            try upstream.writeLeaf("knowledge/animals/cats", "cats")
            let first = try upstream.commitAll("Start the taxonomy")
            let sync = makeSync(upstream, state: directory.appendingPathComponent("state"))

            let created = try await sync.synchronize()
            #expect(created.outcome == .created)
            #expect(created.head == first)
            #expect(created.history == .firstSync)
            #expect(created.previousHead == nil)
            #expect(created.merged.commits.map(\.id) == [first])
            let mirror = try Repository(openingAt: sync.state.mirror)
            #expect(mirror.isBare)

            try upstream.mergePullRequest(31, branch: "dogs") { try $0.writeLeaf("knowledge/animals/dogs", "dogs") }
            let head = try upstream.mergePullRequest(32, branch: "birds") {
                try $0.writeLeaf("knowledge/animals/birds", "birds")
            }
            let fetched = try await sync.synchronize()
            #expect(fetched.outcome == .fetched)
            #expect(fetched.head == head)
            #expect(fetched.previousHead == first)
            #expect(fetched.history == .advanced)
            #expect(fetched.merged.commits.map(\.pullRequestNumber) == [32, 31])
            #expect(fetched.merged.commits.first?.authorName == "Ada Author")

            let again = try await sync.synchronize()
            #expect(again.history == .unchanged)
            #expect(again.merged.commits.isEmpty)

            let record = try JSONSerialization.jsonObject(with: Data(contentsOf: sync.state.syncRecord)) as? [String: Any]
            #expect(record?["head"] as? String == head.hex)
            #expect(record?["branch"] as? String == "main")
        }
    }

    @Test func aForcePushedBranchIsReportedNotFatal() async throws {
        try await withTemporaryDirectory { directory in
            let upstream = try GitFixture(at: directory.appendingPathComponent("upstream"))
            try upstream.writeLeaf("knowledge/animals/cats", "cats")
            let root = try upstream.commitAll("Start")
            try upstream.writeLeaf("knowledge/animals/dogs", "dogs")
            let rewritten = try upstream.commitAll("Dogs")
            let sync = makeSync(upstream, state: directory.appendingPathComponent("state"))
            _ = try await sync.synchronize()

            try upstream.git("reset", "--quiet", "--hard", root.hex)
            let replacement = try upstream.mergePullRequest(40, branch: "birds") {
                try $0.writeLeaf("knowledge/animals/birds", "birds")
            }
            let result = try await sync.synchronize()
            #expect(result.head == replacement)
            #expect(result.history == .forcePushed(previous: rewritten, relation: .rewritten(mergeBase: root)))
            #expect(result.merged.commits.map(\.pullRequestNumber) == [40])
        }
    }

    @Test func anUnreachableRemoteIsAClearError() async {
        await withTemporaryDirectory { directory in
            let missing = directory.appendingPathComponent("no-such-taxonomy").path
            let sync = TaxonomySync(
                remoteURL: missing, branch: "main",
                state: TaxonomyStateLayout(root: directory.appendingPathComponent("state")), retry: .never)
            let error = await #expect(throws: TaxonomyError.self) { try await sync.synchronize() }
            guard case .git(let gitError)? = error?.kind, case .remoteUnavailable(let url, 1) = gitError.kind else {
                Issue.record("unexpected \(String(describing: error))")
                return
            }
            #expect(url == missing)
            #expect(error?.description.contains("no such local directory: \(missing)") == true)
            #expect(!FileManager.default.fileExists(atPath: sync.state.mirror.path))
        }
    }

    @Test func aMissingBranchNamesTheBranchesThatExist() async throws {
        try await withTemporaryDirectory { directory in
            let upstream = try GitFixture(at: directory.appendingPathComponent("upstream"))
            try upstream.writeLeaf("knowledge/animals/cats", "cats")
            try upstream.commitAll("Start")
            let sync = makeSync(upstream, state: directory.appendingPathComponent("state"), branch: "trunk")
            let error = await #expect(throws: TaxonomyError.self) { try await sync.synchronize() }
            guard case .branchNotFound("trunk", let available)? = error?.kind else {
                Issue.record("unexpected \(String(describing: error))")
                return
            }
            #expect(available == ["main"])
            #expect(error?.message == "no branch 'trunk' in the taxonomy remote (it has main)")
        }
    }

    @Test func aSecondProcessWaitsForTheLock() async throws {
        try await withTemporaryDirectory { directory in
            let upstream = try GitFixture(at: directory.appendingPathComponent("upstream"))
            try upstream.writeLeaf("knowledge/animals/cats", "cats")
            let head = try upstream.commitAll("Start")
            let sync = makeSync(upstream, state: directory.appendingPathComponent("state"))

            // flock locks belong to open file descriptions, so a second open in this
            // process contends exactly as another process would.
            let held = try await ExclusiveFileLock.acquire(sync.state.mirrorLock)
            let waited = Mutex(false)
            let task = Task {
                try await sync.synchronize { event in
                    if case .waitingForLock = event { waited.withLock { $0 = true } }
                }
            }
            #expect(try await eventually(timeout: .seconds(300)) { waited.withLock { $0 } })
            #expect(!FileManager.default.fileExists(atPath: sync.state.mirror.path))
            held.release()
            let result = try await task.value
            #expect(result.head == head)
        }
    }

    @Test func cancellingWhileWaitingForTheLockStops() async throws {
        try await withTemporaryDirectory { directory in
            let upstream = try GitFixture(at: directory.appendingPathComponent("upstream"))
            try upstream.commitAll("Start")
            let sync = makeSync(upstream, state: directory.appendingPathComponent("state"))
            let held = try await ExclusiveFileLock.acquire(sync.state.mirrorLock)
            defer { held.release() }
            let waiting = Mutex(false)
            let task = Task {
                try await sync.synchronize { event in
                    if case .waitingForLock = event { waiting.withLock { $0 = true } }
                }
            }
            // Cancelled while it waits for the lock, not before it got there.
            #expect(try await eventually(timeout: .seconds(300)) { waiting.withLock { $0 } })
            task.cancel()
            let error = await #expect(throws: TaxonomyError.self) { try await task.value }
            guard case .cancelled? = error?.kind else {
                Issue.record("unexpected \(String(describing: error))")
                return
            }
        }
    }
}
