#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import Synchronization

/// A `flock` held on an open file, the one mechanism under `RunLock` and `StoreLock`. The
/// file is opened `O_CLOEXEC`, so no process a stage starts carries the lock, and the
/// kernel drops it when the holder exits for any reason, SIGKILL included.
final class LockedFile: Sendable {
    let path: String
    /// The open descriptor carrying the lock; nil once released.
    private let descriptor: Mutex<Int32?>

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = Mutex(descriptor)
    }

    /// Opens (creating) `path` and locks it without waiting: `LOCK_EX` or `LOCK_SH`. Nil
    /// when another open file holds it in a way that excludes this one.
    static func lock(_ path: String, exclusive: Bool) throws(FileOperationError) -> LockedFile? {
        let descriptor = try FileSystemCalls.openFile(path, flags: O_RDWR | O_CREAT)
        guard flock(descriptor, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0 else {
            let code = errno
            close(descriptor)
            if code == EWOULDBLOCK { return nil }
            throw FileOperationError(operation: "flock", path: path, code: code)
        }
        return LockedFile(path: path, descriptor: descriptor)
    }

    /// Replaces the file's contents with `bytes` (for a person reading it; only the lock
    /// decides anything). Does nothing once released.
    func write(_ bytes: [UInt8]) {
        descriptor.withLock { value in
            guard let open = value else { return }
            _ = ftruncate(open, 0)
            _ = pwrite(open, bytes, bytes.count, 0)
        }
    }

    /// Releases the lock; later calls do nothing.
    func release() {
        descriptor.withLock { value in
            if let open = value { close(open) }
            value = nil
        }
    }

    deinit {
        release()
    }
}
