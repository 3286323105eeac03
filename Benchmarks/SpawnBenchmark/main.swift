// The floor under the runner benchmark: the same processes the benchmark's stages run
// (`true stage sN`), started with no scheduling, journal or store, so the gap to ninja
// splits into what starting processes costs and what modelbuild adds.
// `Benchmarks/runner/run.sh` reports it beside modelbuild and ninja. The way of starting:
//
// - launcher: Platform's ProcessLauncher as `LocalExecutor` uses it (a new session,
//   stdout and stderr to pipes the reaper thread reads);
// - launcher-file: the same, stdout and stderr straight into a log file created per
//   process (what logging without a pipe would cost: no parsing, a file even for silent
//   stages);
// - subprocess: swift-subprocess, as `LocalExecutor` started stages before the launcher.
//
// usage: SpawnBenchmark wide|deep COUNT WORKERS [launcher|launcher-file|subprocess]
//        (prints the wall time in seconds)
import Foundation
import Platform
import Subprocess
import SystemPackage

let arguments = CommandLine.arguments
let modes = ["launcher", "launcher-file", "subprocess"]
guard (4...5).contains(arguments.count), ["wide", "deep"].contains(arguments[1]), let count = Int(arguments[2]),
    let workers = Int(arguments[3]), count > 0, workers > 0,
    arguments.count == 4 || modes.contains(arguments[4])
else {
    FileHandle.standardError.write(
        Data("usage: SpawnBenchmark wide|deep COUNT WORKERS [launcher|launcher-file|subprocess]\n".utf8))
    exit(2)
}
let mode = arguments.count == 5 ? arguments[4] : "launcher"
let logFolder = NSTemporaryDirectory() + "spawn-benchmark-\(getpid())"
if mode == "launcher-file" { try FileManager.default.createDirectory(atPath: logFolder, withIntermediateDirectories: true) }
defer { if mode == "launcher-file" { try? FileManager.default.removeItem(atPath: logFolder) } }
// A chain runs one process at a time, whatever the worker count.
let parallel = arguments[1] == "deep" ? 1 : workers

/// Drops what the stages print (they print nothing).
final class DiscardedOutput: ChildOutputHandler {
    func received(_ chunk: UnsafeRawBufferPointer, from stream: ChildStream) {}
    func outputEnded() {}
}

/// Starts `true stage s<index>` and drains its output, as a stage is run.
func runStage(_ index: Int) async throws {
    switch mode {
    case "launcher": try await runThroughLauncher(index, logFile: nil)
    case "launcher-file": try await runThroughLauncher(index, logFile: "\(logFolder)/s\(index).log")
    default: try await runThroughSubprocess(index)
    }
}

func runThroughLauncher(_ index: Int, logFile: String?) async throws {
    var launch = ProcessLaunch(
        executable: "/usr/bin/true", arguments: ["stage", "s\(index)"], argumentZero: "true",
        standardOutput: .pipe, standardError: .pipe)
    var descriptor: Int32 = -1
    if let logFile {
        descriptor = open(logFile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        launch.standardOutput = .file(descriptor: descriptor)
        launch.standardError = .file(descriptor: descriptor)
    }
    defer { if descriptor >= 0 { close(descriptor) } }
    let child = try ProcessLauncher.spawn(launch, output: DiscardedOutput())
    let exit = await child.exit()
    guard exit.status == .exited(0) else { throw LauncherStageFailed(status: exit.status) }
}

struct LauncherStageFailed: Error {
    let status: ChildExitStatus
}

func runThroughSubprocess(_ index: Int) async throws {
    var options = PlatformOptions()
    options.createSession = true
    let configuration = Configuration(
        executable: .path(FilePath("/usr/bin/true")), arguments: ["stage", "s\(index)"],
        environment: .custom([:]), platformOptions: options)
    let result = try await Subprocess.run(configuration, input: .none, output: .sequence, error: .sequence) {
        execution in
        try await withThrowingTaskGroup(of: Void.self) { readers in
            readers.addTask { for try await _ in execution.standardOutput {} }
            readers.addTask { for try await _ in execution.standardError {} }
            try await readers.waitForAll()
        }
    }
    guard result.terminationStatus.isSuccess else { throw StageFailed(status: result.terminationStatus) }
}

struct StageFailed: Error {
    let status: TerminationStatus
}

let start = ContinuousClock.now
try await withThrowingTaskGroup(of: Void.self) { group in
    var next = 0
    while next < min(parallel, count) {
        group.addTask { [next] in try await runStage(next) }
        next += 1
    }
    while try await group.next() != nil, next < count {
        group.addTask { [next] in try await runStage(next) }
        next += 1
    }
    try await group.waitForAll()
}
let elapsed = ContinuousClock.now - start
print(String(format: "%.3f", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
