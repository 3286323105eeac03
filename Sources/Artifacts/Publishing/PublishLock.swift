import Platform

/// The exclusive lock that serialises publishing, collecting and everything else that
/// writes `artifacts/<model>/`: a `FileLock` on `.lock`. The kernel drops it when the
/// holder dies, so a killed publisher never leaves it taken.
public final class PublishLock: Sendable {
    private let file: FileLock
    /// The lock file.
    public var path: String { file.path }

    private init(file: FileLock) {
        self.file = file
    }

    /// Waits for the lock on `layout`, polling every 20 ms; throws `.lockTimeout` after
    /// `timeout` and stops when the task is cancelled. `whileWaiting` is called once, when
    /// the first try finds the lock taken.
    public static func acquire(
        _ layout: ArtifactLayout, timeout: Duration = .seconds(600), whileWaiting: () -> Void = {}
    ) async throws(ArtifactsError) -> PublishLock {
        try onDisk { try FileSystem.makeDirectories(layout.root) }
        let file: FileLock?
        do {
            file = try await FileLock.lock(
                layout.lock, .exclusive, timeout: timeout, pollInterval: .milliseconds(20), whileWaiting: whileWaiting)
        } catch {
            throw ArtifactsError(error)
        }
        guard let file else {
            throw ArtifactsError(
                .lockTimeout, path: layout.lock,
                reason: Task.isCancelled ? "cancelled while waiting for the publish lock"
                    : "another publisher held the lock for more than \(timeout)")
        }
        return PublishLock(file: file)
    }

    /// Runs `body` holding the lock on `layout`, and releases it after.
    public static func withLock<T>(
        _ layout: ArtifactLayout, timeout: Duration = .seconds(600), whileWaiting: () -> Void = {},
        _ body: () async throws(ArtifactsError) -> T
    ) async throws(ArtifactsError) -> T {
        let lock = try await acquire(layout, timeout: timeout, whileWaiting: whileWaiting)
        defer { lock.release() }
        return try await body()
    }

    /// Releases the lock now; it also goes with the object, but Swift may free an unused
    /// object early, so holders call this explicitly.
    public func release() {
        file.release()
    }
}
