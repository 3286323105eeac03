import Foundation
import Platform
import Runner

/// The scheduler's folder, `.modelbuild/schedule/`: `state.json`, replaced atomically
/// after every change, and `daemon.lock`, held by the one scheduler working on it.
public struct ScheduleStateStore: Sendable {
    /// `.modelbuild/schedule`.
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The store of `project` (`.modelbuild/schedule/`).
    public init(project: Project) {
        self.init(directory: project.stateDirectory.appendingPathComponent("schedule").path)
    }

    public var statePath: String { directory + "/state.json" }
    public var lockPath: String { directory + "/daemon.lock" }

    /// The saved state; an empty one when there is none yet.
    /// - Throws: `ScheduleStateError` when the file exists but cannot be read.
    public func load() throws(ScheduleStateError) -> ScheduleState {
        guard let data = FileManager.default.contents(atPath: statePath) else { return ScheduleState() }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(ScheduleState.self, from: data)
        } catch {
            throw ScheduleStateError(path: statePath, reason: "cannot read it: \(error)")
        }
    }

    /// Replaces the saved state atomically (`AtomicFile`), so a crash leaves the old state
    /// or the new one.
    public func save(_ state: ScheduleState) throws(ScheduleStateError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.dateEncodingStrategy = .iso8601
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let data = try encoder.encode(state)
            try AtomicFile.write(Array(data), to: statePath)
        } catch let error as FileSystemError {
            throw ScheduleStateError(path: statePath, reason: "cannot write it: \(error)", cause: error)
        } catch let error as ScheduleStateError {
            throw error
        } catch {
            throw ScheduleStateError(path: statePath, reason: "cannot write it: \(error)")
        }
    }

    /// Takes the daemon lock without waiting.
    /// - Throws: `ScheduleStateError` naming the holder (pid and host) when another
    ///   scheduler works on this folder.
    public func lock() throws(ScheduleStateError) -> RunLock {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ScheduleStateError(path: directory, reason: "cannot create it: \(error)")
        }
        do {
            return try RunLock.acquire(path: lockPath)
        } catch .held {
            let holder = lockHolder().map { " (pid \($0))" } ?? ""
            throw ScheduleStateError(
                path: directory,
                reason: "another modelbuild scheduler\(holder) is already running on it; stop it first, "
                    + "or give this one another project")
        } catch {
            throw ScheduleStateError(path: lockPath, reason: "\(error)")
        }
    }

    /// `pid host` of the scheduler holding the lock, or nil when none does.
    public func lockHolder() -> String? {
        guard (try? RunLock.isHeld(path: lockPath)) == true else { return nil }
        let text = (try? String(contentsOfFile: lockPath, encoding: .utf8)) ?? ""
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "unknown" : trimmed.replacingOccurrences(of: " ", with: " on ")
    }
}

/// The scheduler's state folder cannot be used: what, where, and why.
public struct ScheduleStateError: Error, Sendable, CustomStringConvertible {
    /// The file or folder concerned.
    public let path: String
    /// Why it cannot be used.
    public let reason: String
    /// The system call that failed, when one did.
    public let cause: FileSystemError?

    /// An error about `path`, for `reason`, caused by `cause` if given.
    public init(path: String, reason: String, cause: FileSystemError? = nil) {
        self.path = path
        self.reason = reason
        self.cause = cause
    }

    public var description: String { "\(path): \(reason)" }
}
