import Platform

/// The lock a running run holds on `<run>/lock`: an exclusive `flock` on an open file.
/// The kernel drops it when the holder exits for any reason, SIGKILL included, so a run
/// whose journal is unfinished and whose lock is free belongs to a dead process.
///
/// The file also holds `pid host` of the holder, for a person reading it; only the
/// `flock` decides.
public final class RunLock: Sendable {
    /// The lock file.
    public let path: String
    private let file: FileLock

    private init(file: FileLock) {
        self.path = file.path
        self.file = file
    }

    /// Takes the lock without waiting.
    /// - Throws: `RunLockError.held` if another open file holds it (another process, or
    ///   another `RunLock` in this one), `RunLockError.system` if the file cannot be used.
    public static func acquire(path: String) throws(RunLockError) -> RunLock {
        let file: FileLock?
        do {
            file = try FileLock.tryLock(path, .exclusive)
        } catch {
            throw .system(error)
        }
        guard let file else { throw .held(path: path) }
        // For a person reading the file; only the lock decides, so a failed write is no failure.
        try? file.replaceContents(Array("\(CurrentProcess.id) \(CurrentProcess.hostName)\n".utf8))
        return RunLock(file: file)
    }

    /// Whether some open file holds the lock now. A missing lock file is not held.
    public static func isHeld(path: String) throws(RunLockError) -> Bool {
        do {
            return try FileLock.isHeld(path)
        } catch {
            throw .system(error)
        }
    }

    /// Releases the lock; later calls do nothing (the lock also goes with the object).
    public func release() {
        file.release()
    }
}

/// Why a run lock could not be taken.
public enum RunLockError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Another process (or another lock object) holds `path`.
    case held(path: String)
    /// The lock file could not be opened or locked.
    case system(FileSystemError)

    /// What went wrong, naming the lock file.
    public var description: String {
        switch self {
        case .held(let path): "run lock \(path) is held by another process"
        case .system(let error): "run lock: \(error)"
        }
    }
}
