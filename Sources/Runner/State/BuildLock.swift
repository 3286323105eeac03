import Foundation
import Platform

/// The lock that lets one build of a given name run at a time on a project:
/// `.modelbuild/locks/build-<name>.lock`, an exclusive `flock` held from before the
/// taxonomy is read until the version is published. A second `build nightly` (or a second
/// `release`) does not wait: it fails at once, naming the holder, since a build that waited
/// would find nothing new to do, or publish a second version of the same build.
///
/// The file holds the holder's pid, host, start time and run id for the message; only the
/// `flock` decides, and the kernel drops it when the holder dies, SIGKILL included.
public final class BuildLock: Sendable {
    /// The lock file.
    public let path: String
    /// The build it serialises.
    public let build: String
    private let file: FileLock
    private let since: Date

    private init(file: FileLock, build: String, since: Date) {
        self.path = file.path
        self.build = build
        self.file = file
        self.since = since
    }

    /// Takes the lock of `build` in `state` without waiting.
    /// - Throws: `BuildLockError.held` with who holds it, or `.system`.
    public static func acquire(build: String, in state: StateDirectory, now: Date = Date()) throws(BuildLockError) -> BuildLock {
        let path = state.buildLockFile(build)
        let file: FileLock?
        do {
            try FileSystem.makeDirectories(state.locksDirectory)
            file = try FileLock.tryLock(path, .exclusive)
        } catch {
            throw .system(error)
        }
        guard let file else { throw .held(build: build, holder: BuildLockHolder(readingFile: path)) }
        let lock = BuildLock(file: file, build: build, since: now)
        lock.write(runID: nil)
        return lock
    }

    /// Records the run the holder started, for a second build's message.
    public func recordRun(_ runID: String) {
        write(runID: runID)
    }

    /// Releases the lock; later calls do nothing (the lock also goes with the object).
    public func release() {
        file.release()
    }

    private func write(runID: String?) {
        let holder = BuildLockHolder(
            pid: CurrentProcess.id, host: CurrentProcess.hostName, since: UTCTimestamp.format(since), runID: runID)
        // For the message only; the lock decides, so a failed write is no failure.
        try? file.replaceContents(Array(holder.fileText.utf8))
    }
}

/// Who holds a build's lock, as its file says.
public struct BuildLockHolder: Sendable, Hashable, CustomStringConvertible {
    public var pid: Int32?
    public var host: String?
    /// ISO 8601 UTC.
    public var since: String?
    public var runID: String?

    public init(pid: Int32?, host: String?, since: String?, runID: String?) {
        self.pid = pid
        self.host = host
        self.since = since
        self.runID = runID
    }

    /// The holder the file at `path` names; nil when it cannot be read.
    init?(readingFile path: String) {
        guard let bytes = try? FileSystem.readFile(path) else { return nil }
        var fields: [String: String] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        self.init(pid: fields["pid"].flatMap { Int32($0) }, host: fields["host"], since: fields["since"], runID: fields["run"])
    }

    var fileText: String {
        var text = "pid \(pid.map(String.init) ?? "?")\nhost \(host ?? "?")\nsince \(since ?? "?")\n"
        if let runID { text += "run \(runID)\n" }
        return text
    }

    /// `pid 4242 on build-host, run 20261127T…, since 2026-11-27T02:00:00Z`.
    public var description: String {
        var parts = ["pid \(pid.map(String.init) ?? "?")" + (host.map { " on \($0)" } ?? "")]
        parts.append(runID.map { "run \($0)" } ?? "no run started yet")
        if let since { parts.append("since \(since)") }
        return parts.joined(separator: ", ")
    }
}

/// Why a build's lock could not be taken.
public enum BuildLockError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Another modelbuild is running this build; `holder` is what its lock file says.
    case held(build: String, holder: BuildLockHolder?)
    /// The lock file could not be made or locked.
    case system(FileSystemError)

    public var description: String {
        switch self {
        case .held(let build, let holder):
            "build \(build) is already running (\(holder?.description ?? "holder unknown")); "
                + "one build of a name runs at a time: wait for it to end, or stop it, then run again"
        case .system(let error): "build lock: \(error)"
        }
    }
}
