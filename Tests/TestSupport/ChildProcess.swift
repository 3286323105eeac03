import Foundation

/// A real child process, started with posix_spawn, killed and reaped when the test is done.
public final class ChildProcess {
    /// Its process id.
    public let pid: pid_t
    private var reaped = false

    /// Starts `arguments[0]` (a path) with `arguments`.
    public init(_ arguments: [String]) throws {
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let result = posix_spawn(&pid, arguments[0], nil, nil, argv, environ)
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EINVAL) }
        self.pid = pid
    }

    /// SIGKILL, then wait for the process to be gone.
    public func kill() {
        guard !reaped else { return }
        _ = Foundation.kill(pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
        reaped = true
    }

    deinit { kill() }
}
