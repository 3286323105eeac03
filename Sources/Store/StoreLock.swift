import Platform

/// The lock on the output store, `store/lock`: a `flock` on an open file. Every build
/// holds it shared from its start to its end, so no entry it planned to reuse can vanish
/// under it; pruning holds it exclusively, so it never runs beside a build. The kernel
/// drops it when the holder exits for any reason.
///
/// Like `RunLock`, it is a `FileLock`: a stage that outlives modelbuild does not keep
/// the store locked.
public final class StoreLock: Sendable {
    /// Builds share the store; pruning needs it alone.
    public enum Mode: Sendable, Hashable {
        case shared, exclusive

        var fileLockMode: FileLock.Mode { self == .shared ? .shared : .exclusive }
    }

    /// The lock file.
    public let path: String
    /// How it is held.
    public let mode: Mode
    private let file: FileLock

    private init(mode: Mode, file: FileLock) {
        self.path = file.path
        self.mode = mode
        self.file = file
    }

    /// Takes the lock without waiting; nil when a holder of the other kind (or, for
    /// `exclusive`, any holder) is in the way.
    /// - Throws: `StoreLockError.system` if the file cannot be opened or locked.
    public static func tryAcquire(path: String, _ mode: Mode) throws(StoreLockError) -> StoreLock? {
        do {
            return try FileLock.tryLock(path, mode.fileLockMode).map { StoreLock(mode: mode, file: $0) }
        } catch {
            throw .system(error)
        }
    }

    /// Takes the lock, trying again every 50 ms while it is held the other way: until it is
    /// free, or for at most `timeout`. `whileWaiting` is called once, when the first try
    /// fails, so the caller can say why nothing happens.
    /// - Throws: `StoreLockError.busy` when `timeout` passed, `.system`, or
    ///   `CancellationError` when the task is cancelled while waiting.
    public static func acquire(
        path: String, _ mode: Mode, timeout: Duration? = nil, whileWaiting: () -> Void = {}
    ) async throws -> StoreLock {
        let file: FileLock?
        do {
            file = try await FileLock.lock(path, mode.fileLockMode, timeout: timeout, whileWaiting: whileWaiting)
        } catch {
            throw StoreLockError.system(error)
        }
        guard let file else {
            if Task.isCancelled { throw CancellationError() }
            throw StoreLockError.busy(path: path)
        }
        return StoreLock(mode: mode, file: file)
    }

    /// Releases the lock; later calls do nothing (the lock also goes with the object).
    public func release() {
        file.release()
    }
}

/// Why the store lock could not be taken.
public enum StoreLockError: Error, Sendable, Hashable, CustomStringConvertible {
    /// It was held the other way for longer than the caller would wait.
    case busy(path: String)
    /// The lock file could not be opened or locked.
    case system(FileSystemError)

    /// What went wrong, naming the lock file.
    public var description: String {
        switch self {
        case .busy(let path): "store lock \(path) is held by another process"
        case .system(let error): "store lock: \(error)"
        }
    }
}
