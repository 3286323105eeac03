import Foundation
import Platform

/// The lock on the taxonomy mirror (and the document cache): an exclusive `FileLock`, so
/// two modelbuild processes never fetch into the same mirror at once. The kernel releases
/// it when the process dies, so a crash never leaves it stuck.
final class ExclusiveFileLock: Sendable {
    private let file: FileLock

    private init(file: FileLock) {
        self.file = file
    }

    /// Takes the lock on `file` (created, with its folder, if missing), polling every
    /// 50 ms while another process holds it; `onWait` is called once if it has to wait.
    ///
    /// - Throws: `.cancelled` when the task is cancelled while waiting; `.fileSystem`
    ///   when the lock file cannot be opened.
    static func acquire(_ file: URL, onWait: () -> Void = {}) async throws(TaxonomyError) -> ExclusiveFileLock {
        let operation = "take the lock"
        let lock: FileLock?
        do {
            try FileSystem.makeDirectories(FileSystem.splitLastComponent(file.path).directory)
            lock = try await FileLock.lock(file.path, .exclusive, timeout: nil, whileWaiting: onWait)
        } catch {
            throw .fileSystem(operation, error)
        }
        guard let lock else {
            throw TaxonomyError(
                kind: .cancelled, operation: operation, subject: file.path,
                message: "cancelled while another process held the lock")
        }
        return ExclusiveFileLock(file: lock)
    }

    /// Releases the lock (also done when the value is freed).
    func release() {
        file.release()
    }
}
