import Foundation
import Platform
import Testing

@Suite struct FileLockTests {
    @Test func exclusiveExcludesAnotherOpenFileEvenInOneProcess() throws {
        let path = try makeTemporaryFolder() + "/lock"
        let first = try #require(try FileLock.tryLock(path, .exclusive))
        #expect(try FileLock.tryLock(path, .exclusive) == nil)
        #expect(try FileLock.tryLock(path, .shared) == nil)
        #expect(try FileLock.isHeld(path))
        first.release()
        #expect(try !FileLock.isHeld(path))
        #expect(try FileLock.tryLock(path, .exclusive) != nil)
    }

    @Test func sharedHoldersShareAndKeepExclusiveOut() throws {
        let path = try makeTemporaryFolder() + "/lock"
        let first = try #require(try FileLock.tryLock(path, .shared))
        let second = try #require(try FileLock.tryLock(path, .shared))
        #expect(try FileLock.tryLock(path, .exclusive) == nil)
        first.release()
        second.release()
        #expect(try FileLock.tryLock(path, .exclusive) != nil)
    }

    @Test func tryLockFailsFast() throws {
        let path = try makeTemporaryFolder() + "/lock"
        let holder = try FileLock.lock(path, .exclusive)
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try FileLock.tryLock(path, .exclusive) == nil)
        #expect(clock.now - start < .seconds(1))
        holder.release()
    }

    @Test func waitingGivesUpAfterTheTimeoutAndSaysItWaited() async throws {
        let path = try makeTemporaryFolder() + "/lock"
        let holder = try FileLock.lock(path, .exclusive)
        var waitedCalls = 0
        let clock = ContinuousClock()
        let start = clock.now
        let lock = try await FileLock.lock(
            path, .exclusive, timeout: .milliseconds(200), pollInterval: .milliseconds(20),
            whileWaiting: { waitedCalls += 1 })
        #expect(lock == nil)
        #expect(waitedCalls == 1)
        #expect(clock.now - start >= .milliseconds(200))
        holder.release()
    }

    @Test func waitingGetsTheLockOnceItIsReleased() async throws {
        let path = try makeTemporaryFolder() + "/lock"
        let holder = try FileLock.lock(path, .exclusive)
        // Released once the waiter has found it held, so the waiter must poll again to get it.
        let lock = try await FileLock.lock(
            path, .exclusive, timeout: .seconds(60), pollInterval: .milliseconds(10), whileWaiting: { holder.release() })
        #expect(lock != nil)
    }

    @Test func theLockGoesWithTheObject() throws {
        let path = try makeTemporaryFolder() + "/lock"
        do {
            let lock = try FileLock.tryLock(path, .exclusive)
            #expect(lock != nil)
        }
        #expect(try !FileLock.isHeld(path))
    }

    @Test func contentsAreForAPersonToRead() throws {
        let path = try makeTemporaryFolder() + "/lock"
        let lock = try #require(try FileLock.tryLock(path, .exclusive))
        try lock.replaceContents(Array("a longer first line\n".utf8))
        try lock.replaceContents(Array("42 host\n".utf8))
        #expect(try FileSystem.readFile(path) == Array("42 host\n".utf8))
    }
}
