#if canImport(Glibc)
import Glibc
#endif

/// The exclusive lock that serialises publishing, collecting and everything else that
/// writes `artifacts/<model>/`: `flock` on `.lock`. The kernel drops it when the holder
/// dies, so a killed publisher never leaves it taken.
public final class PublishLock: Sendable {
    private let descriptor: Int32
    public let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    /// Waits for the lock on `layout`, polling every 20 ms; throws `.lockTimeout` after
    /// `timeout` and stops when the task is cancelled.
    public static func acquire(_ layout: ArtifactLayout, timeout: Duration = .seconds(600)) async throws(ArtifactsError)
        -> PublishLock
    {
        try SystemCalls.makeDirectories(layout.root)
        let descriptor = try SystemCalls.open(layout.lock, O_RDWR | O_CREAT, mode: 0o644)
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            do {
                if try SystemCalls.tryLock(descriptor, path: layout.lock) {
                    return PublishLock(descriptor: descriptor, path: layout.lock)
                }
            } catch {
                SystemCalls.close(descriptor)
                throw error
            }
            if clock.now >= deadline || Task.isCancelled {
                SystemCalls.close(descriptor)
                throw ArtifactsError(
                    .lockTimeout, path: layout.lock,
                    reason: Task.isCancelled ? "cancelled while waiting for the publish lock"
                        : "another publisher held the lock for more than \(timeout)")
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Runs `body` holding the lock on `layout`, and releases it after.
    public static func withLock<T>(
        _ layout: ArtifactLayout, timeout: Duration = .seconds(600),
        _ body: () async throws(ArtifactsError) -> T
    ) async throws(ArtifactsError) -> T {
        let lock = try await acquire(layout, timeout: timeout)
        defer { lock.release() }
        return try await body()
    }

    /// Releases the lock now; closing the descriptor when the object goes away also does,
    /// but Swift may free an unused object early, so holders call this explicitly.
    public func release() {
        SystemCalls.unlock(descriptor)
    }

    deinit {
        SystemCalls.unlock(descriptor)
        SystemCalls.close(descriptor)
    }
}
