import Foundation
import Subprocess
import SystemPackage

/// What a finished command printed and how it ended.
public struct CommandResult: Sendable {
    public let status: Int32
    public let standardOutput: String
    public let standardError: String
}

/// The package's root folder (the one holding Package.swift).
public let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The `modelbuild` binary `swift build` made beside the test bundle.
public var modelbuildBinary: String {
    let testBundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidate = testBundle.appendingPathComponent("modelbuild").path
    if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    return packageRoot.appendingPathComponent(".build/debug/modelbuild").path
}

/// Runs `modelbuild` with `arguments` in `directory`, collecting its output.
public func runModelbuild(
    _ arguments: [String], in directory: URL, environment: [String: String] = [:]
) async throws -> CommandResult {
    try await runProgram(modelbuildBinary, arguments, in: directory, environment: environment)
}

/// Runs `program` with `arguments` in `directory`, collecting up to 16 MiB of each output.
public func runProgram(
    _ program: String, _ arguments: [String], in directory: URL, environment: [String: String] = [:]
) async throws -> CommandResult {
    var overrides: [Environment.Key: String?] = [:]
    for (key, value) in environment { overrides[Environment.Key(stringLiteral: key)] = value }
    let result = try await run(
        program.contains("/") ? .path(FilePath(program)) : .name(program),
        arguments: Arguments(arguments),
        environment: .inherit.updating(overrides),
        workingDirectory: FilePath(directory.path),
        output: .string(limit: 16 << 20),
        error: .string(limit: 16 << 20))
    let status = result.terminationStatus.shellStatus
    return CommandResult(
        status: status, standardOutput: result.standardOutput, standardError: result.standardError)
}

extension TerminationStatus {
    /// The status as a shell reports it: the exit code, or 128 + the signal that ended it.
    var shellStatus: Int32 {
        switch self {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }
}
