import Foundation
import Platform
import Store
import TestSupport

/// What `lstat` says about a path (for inode, link count and mode checks).
func fileStatus(_ path: String) throws -> FileStatus {
    guard let status = try FileSystem.status(path) else {
        throw FileSystemError(operation: "lstat", path: path, code: FileSystemError.Code.notFound)
    }
    return status
}

/// Writes `text` to `path`, creating its folder.
func write(_ text: String, to path: String) throws {
    try FileSystem.makeDirectories(FileSystem.splitLastComponent(path).directory)
    try FileSystem.writeFile(Array(text.utf8), to: path)
}

/// SHA-256 of `"hello\n"`.
let helloSHA256 = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"
let origin = StoreEntry.Origin(job: "train", runID: "20261127T091500Z-abcdef", attempt: 1)

/// `withTemporaryDirectory`, but first makes every folder under it writable again: the
/// store's trees are read-only (`0o555`), which only root could remove as they are.
func withStateFolder<T>(_ body: (URL) async throws -> T) async throws -> T {
    try await withTemporaryDirectory { root in
        defer {
            let folders = FileManager.default.enumerator(atPath: root.path)
            while let relative = folders?.nextObject() as? String {
                let path = root.path + "/" + relative
                if (try? FileSystem.status(path))??.isDirectory == true { try? FileSystem.changePermissions(path, 0o755) }
            }
        }
        return try await body(root)
    }
}

/// Polls `condition` until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(10), _ condition: () throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try condition() { return true }
        try await Task.sleep(for: .milliseconds(10))
    }
    return try condition()
}

/// A real child process, started with posix_spawn, killed and reaped when the test is done.
final class ChildProcess {
    let pid: pid_t
    private var reaped = false

    init(_ arguments: [String]) throws {
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let result = posix_spawn(&pid, arguments[0], nil, nil, argv, environ)
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EINVAL) }
        self.pid = pid
    }

    /// SIGKILL, then wait for the process to be gone.
    func kill() {
        guard !reaped else { return }
        _ = Foundation.kill(pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
        reaped = true
    }

    deinit { kill() }
}
