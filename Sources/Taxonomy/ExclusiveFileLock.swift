import Foundation

/// An advisory lock on a file (`flock(LOCK_EX)`), held by one process at a time: two
/// modelbuild processes never fetch into the same mirror at once. The kernel releases it
/// when the process dies, so a crash never leaves it stuck.
final class ExclusiveFileLock {
    private var descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit { release() }

    /// Takes the lock on `file` (created if missing), polling every 50 ms while another
    /// process holds it; `onWait` is called once if it has to wait.
    ///
    /// - Throws: `.cancelled` when the task is cancelled while waiting; `.fileSystem`
    ///   when the lock file cannot be opened.
    static func acquire(_ file: URL, onWait: () -> Void = {}) async throws(TaxonomyError) -> ExclusiveFileLock {
        let operation = "take the lock"
        let folder = file.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw TaxonomyError(
                kind: .fileSystem(errno: nil), operation: operation, subject: file.path,
                message: "cannot create its folder: \(error.localizedDescription)")
        }
        let descriptor = open(file.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .posix(operation, file.path, errno: errno) }
        let lock = ExclusiveFileLock(descriptor: descriptor)
        var waited = false
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR else { throw .posix(operation, file.path, errno: code) }
            if !waited {
                waited = true
                onWait()
            }
            do {
                try await Task.sleep(for: .milliseconds(50))
            } catch {
                throw TaxonomyError(
                    kind: .cancelled, operation: operation, subject: file.path,
                    message: "cancelled while another process held the lock")
            }
        }
        return lock
    }

    /// Releases the lock (also done when the value is freed).
    func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }
}
