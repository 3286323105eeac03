import Foundation

/// Runs blocking fixture work (the sample-taxonomy script, git commands) on a thread of its
/// own, so it never holds one of the few threads the whole suite's tasks and timers share
/// (two on a two-core machine: timing tests elsewhere in the suite would stall).
func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
