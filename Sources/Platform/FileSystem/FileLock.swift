import Glibc
import Synchronization

/// The one file lock: `flock(2)` on a file opened `O_CLOEXEC`, shared or exclusive. No
/// process the project starts carries it, and the kernel drops it when the holder exits
/// for any reason, SIGKILL included, so a crash never leaves it taken.
///
/// Two `FileLock`s on the same path exclude each other even in one process (each is its
/// own open file description). The lock goes with `release()` or with the object.
public final class FileLock: Sendable {
    /// Many may hold a lock shared; one holds it exclusive.
    public enum Mode: Sendable, Hashable {
        /// `LOCK_SH`: beside other shared holders.
        case shared
        /// `LOCK_EX`: alone.
        case exclusive

        var operation: Int32 { self == .shared ? LOCK_SH : LOCK_EX }
    }

    /// The locked file.
    public let path: String
    /// How it is held.
    public let mode: Mode
    /// The open descriptor carrying the lock; nil once released.
    private let descriptor: Mutex<Int32?>

    private init(path: String, mode: Mode, descriptor: Int32) {
        self.path = path
        self.mode = mode
        self.descriptor = Mutex(descriptor)
    }

    /// Opens `path` (creating it unless `creating` is false) and locks it without waiting;
    /// nil when another holder is in the way.
    public static func tryLock(_ path: String, _ mode: Mode, creating: Bool = true) throws(FileSystemError) -> FileLock? {
        let descriptor = try FileSystem.open(path, creating ? [.readWrite, .create] : .readWrite)
        do {
            guard try lockCall(descriptor, mode.operation | LOCK_NB, path: path) else {
                FileSystem.close(descriptor)
                return nil
            }
        } catch {
            FileSystem.close(descriptor)
            throw error
        }
        return FileLock(path: path, mode: mode, descriptor: descriptor)
    }

    /// Opens (creating) `path` and locks it, blocking the thread until it is free.
    public static func lock(_ path: String, _ mode: Mode) throws(FileSystemError) -> FileLock {
        let descriptor = try FileSystem.open(path, [.readWrite, .create])
        do {
            _ = try lockCall(descriptor, mode.operation, path: path)
        } catch {
            FileSystem.close(descriptor)
            throw error
        }
        return FileLock(path: path, mode: mode, descriptor: descriptor)
    }

    /// Takes the lock, trying again every `pollInterval` while another holder is in the
    /// way, for at most `timeout` (forever when nil), without blocking a thread.
    /// `whileWaiting` is called once, when the first try fails, so the caller can say why
    /// nothing happens.
    ///
    /// - Returns: the lock, or nil when `timeout` passed or the task was cancelled first
    ///   (`Task.isCancelled` tells which).
    public static func lock(
        _ path: String, _ mode: Mode, timeout: Duration?, pollInterval: Duration = .milliseconds(50),
        whileWaiting: () -> Void = {}
    ) async throws(FileSystemError) -> FileLock? {
        let clock = ContinuousClock()
        let deadline = timeout.map { clock.now + $0 }
        var waited = false
        while true {
            if let lock = try tryLock(path, mode) { return lock }
            if let deadline, clock.now >= deadline { return nil }
            if !waited {
                waited = true
                whileWaiting()
            }
            do {
                try await Task.sleep(for: pollInterval)
            } catch {
                return nil
            }
        }
    }

    /// Whether some open file holds a lock on `path` now. A missing file is not held.
    public static func isHeld(_ path: String) throws(FileSystemError) -> Bool {
        let descriptor: Int32
        do {
            descriptor = try FileSystem.open(path, .readOnly)
        } catch where error.isNotFound {
            return false
        }
        defer { FileSystem.close(descriptor) }
        guard try lockCall(descriptor, LOCK_EX | LOCK_NB, path: path) else { return true }
        _ = flock(descriptor, LOCK_UN)
        return false
    }

    /// Replaces the file's contents with `bytes` (a record its holder keeps, or the
    /// holder's pid and host for a person to read).
    /// - Throws: EBADF once released.
    public func replaceContents(_ bytes: [UInt8]) throws(FileSystemError) {
        let path = path
        try descriptor.withLock { (value) throws(FileSystemError) in
            guard let open = value else {
                throw FileSystemError(operation: "write", path: path, code: FileSystemError.Code.badDescriptor)
            }
            try FileSystem.truncate(open, to: 0, path: path)
            try FileSystem.writeAll(open, bytes, at: 0, path: path)
        }
    }

    /// Releases the lock; later calls do nothing.
    public func release() {
        descriptor.withLock { value in
            if let open = value {
                _ = flock(open, LOCK_UN)
                FileSystem.close(open)
            }
            value = nil
        }
    }

    deinit {
        release()
    }

    /// `flock(2)`, retried when interrupted; false when it would have had to wait.
    private static func lockCall(_ descriptor: Int32, _ operation: Int32, path: String) throws(FileSystemError) -> Bool {
        while flock(descriptor, operation) != 0 {
            switch errno {
            case EINTR: continue
            case EWOULDBLOCK: return false
            default: throw .fromErrno("flock", path)
            }
        }
        return true
    }
}
