import Foundation
import Subprocess
import SystemPackage

/// A program running in the background for a test: its pid and what it has printed so far.
public struct BackgroundProcess: Sendable {
    public let pid: pid_t
    let outputPath: String
    let errorPath: String

    /// Standard output so far.
    public var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }
    /// Standard error so far.
    public var errors: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }

    /// Sends `signal` to the process.
    public func send(_ signal: Int32) {
        kill(pid, signal)
    }

    /// Returns once standard output contains `text`; fails after 2 minutes of real time (a hang
    /// guard, not a timing assertion).
    public func waitForOutput(containing text: String) async throws {
        let giveUp = Date().addingTimeInterval(120)
        while !output.contains(text) {
            guard Date() < giveUp else {
                throw ProcessFailure(description: "no \"\(text)\" in the output: \(output)\nerrors: \(errors)")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}

/// Runs `modelbuild arguments` in `directory` while `body` runs, then waits for it to exit
/// (`body` must make it exit, for instance with a signal). Output goes to files in
/// `directory`, so `body` can read it as it comes.
public func withModelbuildRunning(
    _ arguments: [String], in directory: URL, environment: [String: String] = [:],
    _ body: (BackgroundProcess) async throws -> Void
) async throws -> CommandResult {
    let outputPath = directory.appendingPathComponent(".background-\(UUID().uuidString).out").path
    let errorPath = outputPath + ".err"
    defer {
        unlink(outputPath)
        unlink(errorPath)
    }
    let output = try FileDescriptor.open(
        FilePath(outputPath), .writeOnly, options: [.create, .truncate], permissions: .ownerReadWrite)
    let errors = try FileDescriptor.open(
        FilePath(errorPath), .writeOnly, options: [.create, .truncate], permissions: .ownerReadWrite)
    var overrides: [Environment.Key: String?] = [:]
    for (key, value) in environment { overrides[Environment.Key(stringLiteral: key)] = value }
    let result = try await Subprocess.run(
        .path(FilePath(modelbuildBinary)), arguments: Arguments(arguments),
        environment: .inherit.updating(overrides), workingDirectory: FilePath(directory.path), input: .none,
        output: .fileDescriptor(output, closeAfterSpawningProcess: true),
        error: .fileDescriptor(errors, closeAfterSpawningProcess: true)
    ) { execution in
        let process = BackgroundProcess(pid: execution.processIdentifier.value, outputPath: outputPath, errorPath: errorPath)
        do {
            try await body(process)
        } catch {
            process.send(SIGKILL)
            throw error
        }
    }
    let status = result.terminationStatus.shellStatus
    return CommandResult(
        status: status, standardOutput: (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "",
        standardError: (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "")
}
