// The floor under the runner benchmark: the same processes the benchmark's stages run
// (`true stage sN`), started through swift-subprocess exactly as `LocalExecutor` starts
// them (a new session, stdout and stderr read as streams), with no scheduling, journal,
// store or files. `Benchmarks/runner/run.sh` reports it beside modelbuild and ninja, so
// the gap to ninja splits into what process start-up through subprocess costs and what
// modelbuild adds.
//
// usage: SpawnBenchmark wide|deep COUNT WORKERS    (prints the wall time in seconds)
import Foundation
import Subprocess
import SystemPackage

let arguments = CommandLine.arguments
guard arguments.count == 4, ["wide", "deep"].contains(arguments[1]), let count = Int(arguments[2]),
    let workers = Int(arguments[3]), count > 0, workers > 0
else {
    FileHandle.standardError.write(Data("usage: SpawnBenchmark wide|deep COUNT WORKERS\n".utf8))
    exit(2)
}
// A chain runs one process at a time, whatever the worker count.
let parallel = arguments[1] == "deep" ? 1 : workers

/// Starts `true stage s<index>` and drains its output, as a stage is run.
func runStage(_ index: Int) async throws {
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
