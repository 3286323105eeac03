import ArgumentParser
import Foundation
import Platform
import UseCases

struct StageGroupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage",
        abstract: "Run a built-in stage as a worker process (what modelbuild build starts).",
        // Internal: builds start it; a person has no reason to, so the top-level help hides it.
        shouldDisplay: false,
        subcommands: [StageRunCommand.self]
    )
}

struct StageRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a built-in stage on a context.json, as a build does.",
        discussion: """
            The stage reads its context from --context or the MODELBUILD_CONTEXT environment \
            variable, writes under the context's output folder only, and prints its log. \
            Exit status 0 when it succeeded; 65 (the worker protocol's not-retryable \
            status) when its inputs cannot work, such as an invalid leaf or no data to train \
            on; 1 when it failed otherwise; 2 for an unknown stage.
            """
    )

    @Argument(help: "builtin/validate, builtin/generate, builtin/train or builtin/evaluate.")
    var name: String

    @Option(help: "The context.json to run on; default: $MODELBUILD_CONTEXT.")
    var context: String?

    func run() throws {
        guard let path = context ?? ProcessInfo.processInfo.environment["MODELBUILD_CONTEXT"] else {
            throw ValidationError("no context: give --context or set MODELBUILD_CONTEXT")
        }
        let succeeded = try BuiltinStageRun.run(name, contextPath: path) { line in
            StandardStream.output.write(line + "\n")
        }
        // A stage that ran and refused its input (an invalid leaf) fails the same way again.
        if !succeeded { throw ExitCode(ExitStatus.notRetryable) }
    }
}
