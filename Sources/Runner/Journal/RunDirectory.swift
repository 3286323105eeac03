import Foundation
import Platform

/// The folder of one run, `<state>/runs/<run-id>/`, and the names of everything in it:
///
/// ```
/// lock                          held (flock) by the process running the run
/// journal.jsonl                 what happened, one JSON record a line
/// contexts/<stage>.<n>.json     the context.json of attempt n (removed once a succeeded
///                               attempt's outputs are stored, unless asked to keep it)
/// logs/<stage>.<n>.log          the attempt's stdout and stderr (made by its first line)
/// workdirs/<stage>/             the attempt's working directory (emptied per attempt)
/// out/<stage>.<n>/              the attempt's output directory; once stored, usually
///                               moved into the store as its key's tree
/// ```
///
/// `<stage>` is the stage name made safe by `StageFileName.encode`.
public struct RunDirectory: Sendable, Hashable {
    /// `20261127T091500Z-a1b2c3`: sorts by start time.
    public var id: String
    /// The run folder's absolute path, `<runs>/<id>`.
    public var path: String

    /// Names a run folder without touching the disk.
    public init(runsDirectory: String, id: String) {
        self.id = id
        self.path = runsDirectory + "/" + id
    }

    /// A new run id: the UTC start time to the millisecond (`20261127T091500.123Z`), so
    /// ids sort in start order, then six random hex digits.
    public static func makeID(now: Date = Date()) -> String {
        let milliseconds = Int((now.timeIntervalSince1970 * 1000).rounded(.down)) % 1000
        let stamp = UTCTimestamp.compact(now).dropLast() + String(format: ".%03dZ", milliseconds)
        return stamp + "-" + String(FileSystem.uniqueSuffix().suffix(6))
    }

    /// Creates the run folder and its subfolders, taking the run's lock before anything
    /// else exists in it, so a half-created run is never mistaken for a dead one.
    /// - Throws: `FileSystemError` (the folder already exists, or cannot be made),
    ///   `RunLockError`.
    public static func create(
        runsDirectory: String, id: String = RunDirectory.makeID()
    ) throws -> (directory: RunDirectory, lock: RunLock) {
        let run = RunDirectory(runsDirectory: runsDirectory, id: id)
        try FileSystem.makeDirectories(runsDirectory)
        try FileSystem.makeNewDirectory(run.path)
        let lock = try RunLock.acquire(path: run.lockFile)
        for folder in [run.contextsDirectory, run.logsDirectory, run.workRoot, run.outputRoot, run.inputsRoot] {
            try FileSystem.makeDirectories(folder)
        }
        try FileSystem.syncPath(runsDirectory)
        return (run, lock)
    }

    public var lockFile: String { path + "/lock" }
    public var journalFile: String { path + "/journal.jsonl" }
    public var contextsDirectory: String { path + "/contexts" }
    public var logsDirectory: String { path + "/logs" }
    public var workRoot: String { path + "/workdirs" }
    public var outputRoot: String { path + "/out" }

    /// `contexts/<stage>.<attempt>.json`
    public func contextFile(stage: String, attempt: Int) -> String {
        contextsDirectory + "/" + StageFileName.encode(stage) + ".\(attempt).json"
    }

    /// `logs/<stage>.<attempt>.log`
    public func logFile(stage: String, attempt: Int) -> String {
        logsDirectory + "/" + StageFileName.encode(stage) + ".\(attempt).log"
    }

    /// `workdirs/<stage>/`
    public func workDirectory(stage: String) -> String {
        workRoot + "/" + StageFileName.encode(stage)
    }

    public var inputsRoot: String { path + "/inputs" }

    /// `inputs/<stage>.<attempt>/`: the attempt's private, read-only copies of what it
    /// reads (`<need>/`, `.taxonomy/`, `.base-model/`), removed when it ends.
    public func inputsDirectory(stage: String, attempt: Int) -> String {
        inputsRoot + "/" + StageFileName.encode(stage) + ".\(attempt)"
    }

    /// `out/<stage>.<attempt>/`
    public func outputDirectory(stage: String, attempt: Int) -> String {
        outputRoot + "/" + StageFileName.encode(stage) + ".\(attempt)"
    }
}
