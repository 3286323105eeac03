import Platform
import Synchronization

/// The log file of one attempt, appended to by the stdout and stderr readers at once. Each
/// batch of lines is written under a lock, so lines never interleave.
///
/// The file (and its folder) is created by the first write, so an attempt that prints
/// nothing leaves no file: a missing log reads as an empty one (`modelbuild logs`, the
/// manifest), and a large graph of quiet stages does not pay for a file each.
///
/// A failure to create or write it (a full disk) is remembered, not thrown, so the readers
/// keep draining the pipes and the stage is not blocked; ``close()`` reports it.
final class AttemptLogFile: Sendable {
    let path: String

    private struct State {
        var descriptor: Int32?
        var firstError: FileSystemError?
        var closed = false
    }

    private let state = Mutex(State())

    /// A log at `path`, not created until something is written.
    init(path: String) {
        self.path = path
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
        guard !bytes.isEmpty else { return }
        state.withLock { state in
            guard state.firstError == nil, !state.closed else { return }
            do throws(FileSystemError) {
                let descriptor: Int32
                if let open = state.descriptor {
                    descriptor = open
                } else {
                    descriptor = try openCreatingFolder()
                    state.descriptor = descriptor
                }
                try FileSystem.writeAll(descriptor, bytes, path: path)
            } catch {
                state.firstError = error
            }
        }
    }

    /// Closes the file; returns the first failure to create or write it, if any.
    func close() -> AttemptLogFileError? {
        state.withLock { state in
            state.closed = true
            if let descriptor = state.descriptor { FileSystem.close(descriptor) }
            state.descriptor = nil
            return state.firstError.map { AttemptLogFileError(path: path, underlying: $0) }
        }
    }

    private func openCreatingFolder() throws(FileSystemError) -> Int32 {
        let options: OpenOptions = [.writeOnly, .create, .append]
        do {
            return try FileSystem.open(path, options)
        } catch where error.isNotFound {
            try FileSystem.makeDirectories(FileSystem.splitLastComponent(path).directory)
            return try FileSystem.open(path, options)
        }
    }
}

/// The attempt's log file could not be created or written.
struct AttemptLogFileError: Error, Sendable, CustomStringConvertible {
    var path: String
    var underlying: FileSystemError

    var description: String { "could not write the log file \(path): \(underlying)" }
}
