import Foundation
import Platform
import Synchronization

/// A run's append-only journal, `journal.jsonl`: one `JournalRecord` a line, each batch
/// of lines written with a single `write(2)` to a file opened `O_APPEND`, so what was
/// appended survives a crash of this process.
///
/// A batch holding a state transition (anything but progress and metric lines) is also
/// fsynced, so it survives a crash of the machine: by `JournalSyncThread`, which serves
/// the requests that arrive during one fsync, or within 5 ms of it, with the next (group
/// commit) and never blocks the caller. `sync()` and `close()` wait for the disk. A crash can leave at most
/// a torn last line, which `read(path:)` ignores and `open(path:)` cuts off before
/// appending.
public final class Journal: Sendable {
    public let path: String

    private struct State {
        var descriptor: Int32?
        /// The key of each `job.queued` line written through this journal, which the job's
        /// `job.succeeded` line then leaves out.
        var queuedKeys: [String: String] = [:]
        /// The host of the `run.started` line written through this journal, which
        /// `job.started` lines then leave out.
        var runHost: String?
    }

    private let state: Mutex<State>
    private let syncThread: JournalSyncThread

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.state = Mutex(State(descriptor: descriptor))
        self.syncThread = JournalSyncThread(descriptor: descriptor, path: path)
    }

    /// Opens `path` for appending, creating it if needed. A torn last line (a crash in
    /// the middle of a write) is truncated away first, so new records start on a line of
    /// their own.
    public static func open(path: String) throws(FileSystemError) -> Journal {
        let descriptor = try FileSystem.open(path, [.readWrite, .append, .create])
        do {
            try cutTornTail(descriptor, path: path)
        } catch {
            FileSystem.close(descriptor)
            throw error
        }
        return Journal(path: path, descriptor: descriptor)
    }

    /// Appends `records` in order with one write, and has them fsynced if any is a state
    /// transition.
    /// - Throws: `FileSystemError` if the write fails, the journal is closed, or an
    ///   earlier fsync failed.
    public func append(_ records: [JournalRecord]) throws(FileSystemError) {
        guard !records.isEmpty else { return }
        if let error = syncThread.error { throw error }
        try state.withLock { state throws(FileSystemError) in
            guard let descriptor = state.descriptor else {
                throw FileSystemError(operation: "append", path: path, code: FileSystemError.Code.badDescriptor)
            }
            var bytes: [UInt8] = []
            for record in records {
                var keyQueued = false
                switch record.event {
                case .runStarted(let start): state.runHost = start.host
                case .jobQueued(let job, _, let key): state.queuedKeys[job] = key
                case .jobSucceeded(let job, _, let key): keyQueued = state.queuedKeys[job] == key
                default: break
                }
                bytes += record.fileJSON(keyQueued: keyQueued, runHost: state.runHost)
                bytes.append(UInt8(ascii: "\n"))
            }
            try FileSystem.writeAll(descriptor, bytes, path: path)
        }
        if records.contains(where: \.event.isStateTransition) { syncThread.request() }
    }

    /// Appends one record; see `append(_:)` for batches.
    public func append(_ record: JournalRecord) throws(FileSystemError) {
        try append([record])
    }

    /// Waits until everything appended so far is on disk.
    public func sync() throws(FileSystemError) {
        try state.withLock { state throws(FileSystemError) in
            guard let descriptor = state.descriptor else { return }
            try FileSystem.sync(descriptor, path: path)
        }
    }

    /// fsyncs done by the sync thread so far (for tests).
    var backgroundFsyncCount: Int { syncThread.fsyncCount }

    /// Waits for pending fsyncs, fsyncs once more, and closes the file; later appends
    /// fail. Closing twice does nothing.
    public func close() throws(FileSystemError) {
        syncThread.stop()
        try state.withLock { state throws(FileSystemError) in
            guard let descriptor = state.descriptor else { return }
            state.descriptor = nil
            defer { FileSystem.close(descriptor) }
            try FileSystem.sync(descriptor, path: path)
        }
        if let error = syncThread.error { throw error }
    }

    deinit {
        try? close()
    }

    private static func cutTornTail(_ descriptor: Int32, path: String) throws(FileSystemError) {
        let size = try FileSystem.size(descriptor, path: path)
        guard size > 0 else { return }
        var keep = Int64(size)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while keep > 0 {
            let start = max(0, keep - Int64(chunk.count))
            let count = try FileSystem.withMutableBytes(&chunk) { (buffer) throws(FileSystemError) in
                try FileSystem.read(
                    descriptor, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<Int(keep - start)]), at: start,
                    path: path)
            }
            if let newline = chunk[0..<count].lastIndex(of: UInt8(ascii: "\n")) {
                keep = start + Int64(newline) + 1
                break
            }
            keep = start
        }
        guard keep < Int64(size) else { return }
        try FileSystem.truncate(descriptor, to: keep, path: path)
        try FileSystem.sync(descriptor, path: path)
    }
}

// MARK: - Reading

/// What a journal file holds.
public struct JournalContents: Sendable, Hashable {
    /// Every complete record, in file order.
    public var records: [JournalRecord]
    /// The bytes of a last line that was cut short (a crash mid-write) and left out;
    /// nil when the file ends cleanly.
    public var tornTail: String?

    /// Whether the journal says how the run ended.
    public var isFinished: Bool {
        records.contains {
            if case .runFinished = $0.event { return true }
            return false
        }
    }
}

/// A journal could not be read.
public enum JournalError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(FileSystemError)
    /// A complete line (not the last) is not a record: the file was damaged.
    case corruptLine(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let error): "journal: \(error)"
        case .corruptLine(let path, let line, let reason): "\(path):\(line): not a journal record: \(reason)"
        }
    }
}

extension Journal {
    /// Reads every record of the journal at `path`. A last line that is unterminated or
    /// does not parse (a torn write) is left out and returned as `tornTail`; any other
    /// Whether the journal's last whole line is `run.finished`: what deciding whether a
    /// run is still open needs, read from the file's tail only, so checking every past
    /// run before a build stays cheap however long the history grows.
    public static func endsWithRunFinished(path: String) throws(JournalError) -> Bool {
        let tail: [UInt8]
        do {
            tail = try FileSystem.readTail(path, bytes: 4096)
        } catch {
            throw .unreadable(error)
        }
        guard tail.last == UInt8(ascii: "\n") else { return false }
        let lines = tail.dropLast().split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard let last = lines.last,
            let record = try? JSONDecoder().decode(JournalRecord.self, from: Data(last))
        else { return false }
        if case .runFinished = record.event { return true }
        return false
    }

    /// The journal's first and last records, read from its two ends without what lies
    /// between: a finished run's start and end, which is all a dashboard row of a run that
    /// succeeded needs (a run of 66,000 stages has 200,000 lines). Nil when either end is
    /// not a whole record of at most `limit` bytes.
    public static func ends(path: String, limit: Int = 4_096) -> (first: JournalRecord, last: JournalRecord)? {
        guard let head = try? FileSystem.readHead(path, bytes: limit),
            let firstEnd = head.firstIndex(of: UInt8(ascii: "\n")),
            var tail = try? FileSystem.readTail(path, bytes: limit), tail.last == UInt8(ascii: "\n")
        else { return nil }
        tail.removeLast()
        guard let lastStart = tail.lastIndex(of: UInt8(ascii: "\n")).map({ $0 + 1 }) ?? (tail.count < limit ? 0 : nil)
        else { return nil }
        let decoder = JSONDecoder()
        guard let first = try? decoder.decode(JournalRecord.self, from: Data(head[..<firstEnd])),
            let last = try? decoder.decode(JournalRecord.self, from: Data(tail[lastStart...]))
        else { return nil }
        return (first, last)
    }

    /// Reads every record of the journal at `path`. A last line that is unterminated or
    /// does not parse (a torn write) is left out and returned as `tornTail`; any other
    /// bad line is an error, because it means something other than a crash damaged the file.
    /// A `job.succeeded` line gets back the `cacheKey` its job's `job.queued` line holds,
    /// a `job.started` line without a host `run.started`'s.
    public static func read(path: String) throws(JournalError) -> JournalContents {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readFile(path)
        } catch {
            throw .unreadable(error)
        }
        let decoder = JSONDecoder()
        var records: [JournalRecord] = []
        var queuedKeys: [String: String] = [:]
        var runHost = ""
        var tornTail: String?
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() where !line.isEmpty {
            let isLast = index == lines.count - 1 || (index == lines.count - 2 && lines[index + 1].isEmpty)
            let terminated = index < lines.count - 1
            do {
                guard terminated else { throw JournalError.corruptLine(path: path, line: index + 1, reason: "unterminated") }
                var record = try decoder.decode(JournalRecord.self, from: Data(line))
                switch record.event {
                case .runStarted(let start): runHost = start.host
                case .jobQueued(let job, _, let key): queuedKeys[job] = key
                case .jobStarted(let job, let attempt, "", let handle):
                    record.event = .jobStarted(job: job, attempt: attempt, host: runHost, handle: handle)
                case .jobSucceeded(let job, let attempt, ""):
                    record.event = .jobSucceeded(job: job, attempt: attempt, cacheKey: queuedKeys[job] ?? "")
                default: break
                }
                records.append(record)
            } catch {
                guard isLast else {
                    throw .corruptLine(path: path, line: index + 1, reason: String(describing: error))
                }
                tornTail = String(decoding: line, as: UTF8.self)
            }
        }
        return JournalContents(records: records, tornTail: tornTail)
    }
}
