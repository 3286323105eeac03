/// A build's taxonomy snapshot being written in the background, while the build plans:
/// planning needs only the snapshot's path, and writing a taxonomy's thousand folders is
/// a core's work the plan need not wait for. The build waits for it (`finished()`)
/// before it starts a run or returns; the writing's error is thrown there, as it was
/// thrown by the build when the snapshot was written before planning.
struct SnapshotWrite: Sendable {
    private let writing: Task<Void, any Error>

    /// Starts `write` on another thread.
    init(_ write: @escaping @Sendable () throws -> Void) {
        writing = Task.detached { try write() }
    }

    /// Waits for the snapshot to be written, throwing the writing's error.
    func finished() async throws {
        try await writing.value
    }
}
