#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// The journal's fsyncs, done on a thread of their own so that a slow disk never blocks
/// the threads Swift concurrency runs the scheduler on (there may be only two). Requests
/// that arrive while an fsync is in flight are served together by the next one (group
/// commit), so a burst of state transitions costs one or two fsyncs, not one each.
///
/// `@unchecked Sendable`: every stored property that changes (`requested`, `stopping`,
/// `finished`, `failure`, `completed`) is read and written only while `condition` is
/// locked; `descriptor` and `path` never change.
final class JournalSyncThread: @unchecked Sendable {
    private let descriptor: Int32
    private let path: String
    private let condition = NSCondition()
    private var requested = false
    private var stopping = false
    private var finished = false
    private var failure: FileOperationError?
    /// fsyncs done so far.
    private var completed = 0

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
        requested = true
        condition.signal()
        condition.unlock()
    }

    /// The first fsync that failed, if one did.
    var error: FileOperationError? {
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
            requested = false
            condition.unlock()
            let result = fsync(descriptor)
            let code = errno
            condition.lock()
            completed += 1
            if result != 0 && failure == nil {
                failure = FileOperationError(operation: "fsync", path: path, code: code)
            }
        }
        finished = true
        condition.broadcast()
        condition.unlock()
    }
}
