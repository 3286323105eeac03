import Foundation
import Subprocess
import SystemPackage

import Glibc

/// A `modelbuild` process a test started and may signal while it runs.
public struct RunningProcess: Sendable {
    public let pid: pid_t

    /// Sends `signal` (SIGINT, SIGTERM, SIGKILL…) to the process only, not to its children.
    public func send(_ signal: Int32) {
        _ = kill(pid, signal)
    }
}

/// Runs `modelbuild` with `arguments` in `directory` and calls `whileRunning` as soon as it
/// has started; returns once both have ended, with what it printed and how it ended.
///
/// If `whileRunning` throws, the process is sent SIGINT (so it stops its stages) and the
/// error is rethrown once it has exited.
public func runModelbuild(
    _ arguments: [String], in directory: URL, environment: [String: String] = [:],
    whileRunning: (RunningProcess) async throws -> Void
) async throws -> CommandResult {
    var overrides: [Environment.Key: String?] = [:]
    for (key, value) in environment { overrides[Environment.Key(stringLiteral: key)] = value }
    var bodyError: (any Error)?
    let result = try await run(
        .path(FilePath(modelbuildBinary)),
        arguments: Arguments(arguments),
        environment: .inherit.updating(overrides),
        workingDirectory: FilePath(directory.path),
        input: .none,
        output: .string(limit: 16 << 20),
        error: .string(limit: 16 << 20)
    ) { execution in
        let process = RunningProcess(pid: execution.processIdentifier.value)
        do {
            try await whileRunning(process)
        } catch {
            process.send(SIGINT)
            bodyError = error
        }
    }
    if let bodyError { throw bodyError }
    let status = result.terminationStatus.shellStatus
    return CommandResult(
        status: status, standardOutput: result.standardOutput, standardError: result.standardError)
}
