import Foundation
import Synchronization
import SystemPackage

/// The log file of one attempt, opened for appending: whole lines go in, from the stdout and
/// stderr readers at once. Each batch of lines is written under a lock, so lines never
/// interleave.
/// A write failure (a full disk) is remembered, not thrown, so the readers keep draining the
/// pipes and the stage is not blocked; ``close()`` reports it.
final class AttemptLogFile: Sendable {
    let path: String
    private let descriptor: FileDescriptor
    private let firstWriteError = Mutex<String?>(nil)

    private init(path: String, descriptor: FileDescriptor) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Opens `path` for appending, creating it and its parent folders as needed.
    static func open(path: String) throws(AttemptLogFileError) -> AttemptLogFile {
        let folder = FilePath(path).removingLastComponent().string
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw AttemptLogFileError(
                    path: path, operation: "create its folder",
                    reason: "\(error.localizedDescription)")
            }
        }
        do {
            let descriptor = try FileDescriptor.open(
                FilePath(path), .writeOnly, options: [.create, .append, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead, .otherRead])
            return AttemptLogFile(path: path, descriptor: descriptor)
        } catch {
            throw AttemptLogFileError(path: path, operation: "open", reason: "\(error)")
        }
    }

    /// Appends each of `lines` followed by `\n`, in one write.
    func append(lines: [[UInt8]]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines.reduce(0) { $0 + $1.count + 1 })
        for line in lines {
            bytes.append(contentsOf: line)
            bytes.append(UInt8(ascii: "\n"))
        }
        append(bytes: bytes)
    }

    /// Appends `bytes` as they are, in one write (for a log copied from elsewhere).
    func append(bytes: [UInt8]) {
        firstWriteError.withLock { firstError in
            guard firstError == nil else { return }
            do {
                _ = try descriptor.writeAll(bytes)
            } catch {
                firstError = "\(error)"
            }
        }
    }

    /// Closes the file; returns the first write failure, if any.
    func close() -> AttemptLogFileError? {
        let writeError = firstWriteError.withLock { $0 }
        try? descriptor.close()
        return writeError.map { AttemptLogFileError(path: path, operation: "write", reason: $0) }
    }
}

/// The attempt's log file could not be created or written.
struct AttemptLogFileError: Error, Sendable, CustomStringConvertible {
    var path: String
    var operation: String
    var reason: String

    var description: String { "could not \(operation) the log file \(path): \(reason)" }
}
