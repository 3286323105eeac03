import Foundation
import Platform

/// The journal's fsyncs, done on a thread of their own so that a slow disk never blocks
/// the threads Swift concurrency runs the scheduler on (there may be only two).
///
/// Group commit: requests that arrive while an fsync is in flight, or within
/// ``minimumInterval`` of the last one, are served together by the next, so a build
/// finishing hundreds of stages a second does a few hundred fsyncs a second, not one per
/// transition. A transition is on disk at most ``minimumInterval`` plus one fsync after
/// it was written; a crash of modelbuild itself loses nothing either way, since every
/// record is written with `write(2)` at once.
///
/// `@unchecked Sendable`: every stored property that changes (`requested`, `stopping`,
/// `finished`, `failure`, `completed`) is read and written only while `condition` is
/// locked, except `lastSync`, which only the thread itself touches; `descriptor` and
/// `path` never change.
final class JournalSyncThread: @unchecked Sendable {
    private let descriptor: Int32
    private let path: String
    private let condition = NSCondition()
    private var requested = false
    private var stopping = false
    private var finished = false
    private var failure: FileSystemError?
    /// fsyncs done so far.
    private var completed = 0
    /// When the last fsync ended (the thread's own).
    private var lastSync = Date.distantPast

    /// The least time from the end of one fsync to the start of the next.
    static let minimumInterval: TimeInterval = 0.005

    init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
        let thread = Thread { [self] in loop() }
        thread.name = "journal-fsync"
        thread.start()
    }

    /// Asks for an fsync of everything written so far; returns at once.
    func request() {
        condition.lock()
        if !requested {
            requested = true
            condition.signal()
        }
        condition.unlock()
    }

    /// The first fsync that failed, if one did.
    var error: FileSystemError? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }

    var fsyncCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return completed
    }

    /// Waits until every requested fsync is done, then stops the thread.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        while !finished { condition.wait() }
        condition.unlock()
    }

    private func loop() {
        condition.lock()
        while true {
            while !requested && !stopping { condition.wait() }
            if !requested { break }
            // Let more transitions join this fsync, unless the journal is closing.
            let due = lastSync.addingTimeInterval(Self.minimumInterval)
            while !stopping && Date() < due { _ = condition.wait(until: due) }
            requested = false
            condition.unlock()
            var syncFailure: FileSystemError?
            do {
                try FileSystem.sync(descriptor, path: path)
            } catch {
                syncFailure = error
            }
            lastSync = Date()
            condition.lock()
            completed += 1
            if failure == nil { failure = syncFailure }
        }
        finished = true
        condition.broadcast()
        condition.unlock()
    }
}
