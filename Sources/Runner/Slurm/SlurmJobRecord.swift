import Foundation
import Platform

/// What an attempt's work directory says about its Slurm job: `<work>/slurm-job.json`,
/// written before `sbatch` runs and again with the job id once it is known. A later run
/// that finds the job in `squeue` reads it to know where the job writes its outputs and log.
struct SlurmJobRecord: Codable, Sendable, Hashable {
    var stage: String
    var attempt: Int
    var runID: String
    var cacheKey: String
    var outputDirectory: String
    var logFile: String
    /// Nil until sbatch answered.
    var jobID: String?

    static func path(workDirectory: String) -> String { workDirectory + "/slurm-job.json" }
}

/// An open, exclusively locked (`FileLock`) `slurm-job.json`: whoever holds it is following
/// the job, the process that submitted it or one that adopted it. The kernel drops the lock
/// when the holder dies, so a job whose record is not locked has nobody following it.
final class SlurmJobClaim: Sendable {
    let path: String
    private let lock: FileLock

    private init(lock: FileLock) {
        self.path = lock.path
        self.lock = lock
    }

    /// Creates (or truncates) the record at `path`, locks it, and writes `record`.
    static func create(_ record: SlurmJobRecord, at path: String) throws(FileSystemError) -> SlurmJobClaim {
        guard let lock = try FileLock.tryLock(path, .exclusive) else {
            throw FileSystemError(operation: "flock", path: path, code: FileSystemError.Code.wouldBlock)
        }
        let claim = SlurmJobClaim(lock: lock)
        try claim.write(record)
        return claim
    }

    /// Locks the existing record at `path` without waiting and reads it; nil when someone
    /// holds it, or it is missing or unreadable.
    static func take(path: String) -> (SlurmJobClaim, SlurmJobRecord)? {
        guard let lock = try? FileLock.tryLock(path, .exclusive, creating: false),
            let bytes = try? FileSystem.readFile(path),
            let record = try? JSONDecoder().decode(SlurmJobRecord.self, from: Data(bytes))
        else { return nil }
        return (SlurmJobClaim(lock: lock), record)
    }

    /// Replaces the record's content (the lock stays held).
    func write(_ record: SlurmJobRecord) throws(FileSystemError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let bytes: Data
        do {
            bytes = try encoder.encode(record)
        } catch {
            throw FileSystemError(
                operation: "encode", path: path, code: FileSystemError.Code.invalidArgument, underlying: error)
        }
        try lock.replaceContents(Array(bytes))
    }

    /// Releases the lock; later calls do nothing.
    func release() {
        lock.release()
    }
}
