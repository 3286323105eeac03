#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation
import Synchronization

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

/// An open, exclusively locked (`flock`) `slurm-job.json`: whoever holds it is following
/// the job, the process that submitted it or one that adopted it. The kernel drops the lock
/// when the holder dies, so a job whose record is not locked has nobody following it.
final class SlurmJobClaim: Sendable {
    let path: String
    /// The open descriptor carrying the lock; nil once released.
    private let descriptor: Mutex<Int32?>

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = Mutex(descriptor)
    }

    deinit {
        release()
    }

    /// Creates (or truncates) the record at `path`, locks it, and writes `record`.
    static func create(_ record: SlurmJobRecord, at path: String) throws(FileOperationError) -> SlurmJobClaim {
        let descriptor = try FileSystemCalls.openFile(path, flags: O_RDWR | O_CREAT)
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let failure = FileSystemCalls.failure("flock", path)
            close(descriptor)
            throw failure
        }
        let claim = SlurmJobClaim(path: path, descriptor: descriptor)
        try claim.write(record)
        return claim
    }

    /// Locks the existing record at `path` without waiting and reads it; nil when someone
    /// holds it, or it is missing or unreadable.
    static func take(path: String) -> (SlurmJobClaim, SlurmJobRecord)? {
        let descriptor = open(path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0,
            let bytes = try? FileSystemCalls.readFile(path),
            let record = try? JSONDecoder().decode(SlurmJobRecord.self, from: Data(bytes))
        else {
            close(descriptor)
            return nil
        }
        return (SlurmJobClaim(path: path, descriptor: descriptor), record)
    }

    /// Replaces the record's content (the lock stays held).
    func write(_ record: SlurmJobRecord) throws(FileOperationError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let bytes = try? encoder.encode(record) else {
            throw FileOperationError(operation: "encode", path: path, code: EINVAL)
        }
        let path = path
        try descriptor.withLock { (open: inout Int32?) throws(FileOperationError) in
            guard let descriptor = open else {
                throw FileOperationError(operation: "write", path: path, code: EBADF)
            }
            guard ftruncate(descriptor, 0) == 0 else { throw FileSystemCalls.failure("ftruncate", path) }
            let all = Array(bytes)
            var written = 0
            while written < all.count {
                let count = all[written...].withUnsafeBytes {
                    pwrite(descriptor, $0.baseAddress, $0.count, off_t(written))
                }
                guard count > 0 else { throw FileSystemCalls.failure("write", path) }
                written += count
            }
        }
    }

    /// Releases the lock; later calls do nothing.
    func release() {
        descriptor.withLock { open in
            if let descriptor = open { close(descriptor) }
            open = nil
        }
    }
}
