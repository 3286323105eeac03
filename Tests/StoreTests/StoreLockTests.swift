import Foundation
import ExecutorTestKit
import Runner
import Store
import Synchronization
import Testing
import TestSupport

@Suite struct StoreLockTests {
    @Test func buildsShareTheLockAndKeepPruningOut() async throws {
        try await withStateFolder { root in
            let state = StateDirectory(path: root.path + "/.modelbuild")
            try FileManager.default.createDirectory(atPath: state.storeDirectory, withIntermediateDirectories: true)
            // Another process holding it shared, as a build would.
            let child = try ChildProcess([
                "/bin/sh", "-c", "exec 9>>\"$0\"; flock -s 9; exec sleep 900", state.storeLockFile,
            ])
            defer { child.kill() }
            #expect(try await eventually { try RunLock.isHeld(path: state.storeLockFile) })
            let first = try await state.lockStore(.shared, timeout: .seconds(10))
            let second = try await state.lockStore(.shared, timeout: .seconds(10))
            #expect(try StoreLock.tryAcquire(path: state.storeLockFile, .exclusive) == nil)
            first.release()
            second.release()
            await #expect(throws: StoreLockError.busy(path: state.storeLockFile)) {
                try await state.lockStore(.exclusive, timeout: .milliseconds(200))
            }
            child.kill()
            let prune = try await state.lockStore(.exclusive, timeout: .seconds(10))
            #expect(prune.mode == .exclusive)
            #expect(try StoreLock.tryAcquire(path: state.storeLockFile, .shared) == nil)
            prune.release()
        }
    }

    @Test func aBuildWaitsForAPruneToFinishSayingSo() async throws {
        try await withStateFolder { root in
            let state = StateDirectory(path: root.path + "/.modelbuild")
            let prune = try await state.lockStore(.exclusive)
            let waited = Flag()
            let build = Task {
                try await state.lockStore(.shared) { waited.set() }
            }
            // It said it waits, so it is in the lock's wait loop: no fixed wait needed.
            #expect(try await eventually { waited.isSet })
            prune.release()
            let lock = try await build.value
            #expect(lock.mode == .shared)
            lock.release()
        }
    }

    /// A stage started while a build holds the lock must not carry it: once the build lets
    /// go, the store is free though the stage still runs.
    @Test func aChildProcessDoesNotInheritTheLock() async throws {
        try await withStateFolder { root in
            let state = StateDirectory(path: root.path + "/.modelbuild")
            let lock = try await state.lockStore(.shared)
            let stage = try ChildProcess(["/bin/sleep", "60"])
            defer { stage.kill() }
            lock.release()
            #expect(
                try await eventually {
                    guard let exclusive = try StoreLock.tryAcquire(path: state.storeLockFile, .exclusive) else { return false }
                    exclusive.release()
                    return true
                })
        }
    }
}

/// A flag one task sets and another polls.
private final class Flag: Sendable {
    private let value = Mutex(false)

    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
