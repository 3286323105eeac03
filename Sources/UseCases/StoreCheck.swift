import Foundation
import Runner
import Store

/// `verify --store`: rehashes every entry of the project's output store and removes the
/// damaged ones, so that the next build reruns the stages that made them.
public struct StoreCheck: Sendable {
    public let project: Project

    /// The check of `project`'s store.
    public init(project: Project) {
        self.project = project
    }

    /// Checks the store holding its lock exclusively (no build reuses an entry meanwhile).
    /// - Returns: nil when the project has no store (it never built).
    /// - Throws: `StoreCheckError.buildRunning` when builds hold the store for longer than
    ///   `lockTimeout`; `OutputStoreError` when the store cannot be read or an entry
    ///   cannot be removed.
    public func run(lockTimeout: Duration = PruneSession.lockTimeout) async throws -> StoreVerification? {
        let state = StateDirectory(path: project.stateDirectory.path)
        guard FileManager.default.fileExists(atPath: state.storeDirectory) else { return nil }
        let lock: StoreLock
        do {
            lock = try await state.lockStore(.exclusive, timeout: lockTimeout)
        } catch StoreLockError.busy(let path) {
            throw StoreCheckError.buildRunning(lockFile: path)
        }
        defer { lock.release() }
        return try state.openStore().verify()
    }
}

/// Why `verify --store` did not check the store.
public enum StoreCheckError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A build holds the store lock (builds hold it shared while they run).
    case buildRunning(lockFile: String)

    public var description: String {
        switch self {
        case .buildRunning(let lockFile):
            "a build is running (it holds \(lockFile)); the store was not checked: run verify --store again once it has finished"
        }
    }
}
