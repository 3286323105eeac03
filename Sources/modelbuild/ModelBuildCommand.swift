import ArgumentParser
import Foundation
import Platform
import StageProtocol
import UseCases
import YAML

@main
struct ModelBuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modelbuild",
        abstract: "Rebuild a model from a community taxonomy, on a schedule, with manifests.",
        discussion: """
            modelbuild reads builds.yaml, pulls the merged taxonomy commits, runs the stage \
            graph (validate → generate → train → evaluate and any plugins) and publishes \
            versioned artifacts.

            Exit status: 0 success; 1 a build or a check failed; 2 a usage or configuration \
            error; 130 cancelled.
            """,
        version: "0.1.0",
        subcommands: [
            InitCommand.self, ValidateCommand.self, PlanCommand.self, BuildCommand.self, RunsCommand.self, StatusCommand.self,
            LogsCommand.self, TaxonomyCommand.self, PluginsCommand.self, ListCommand.self, VerifyCommand.self,
            GarbageCollectCommand.self, PruneCommand.self, KeysCommand.self, ExportCommand.self, ReleaseCommand.self,
            ScheduleCommand.self, StageGroupCommand.self, DocumentsCommand.self, CreditsCommand.self,
            CandidateCommand.self, CandidatesCommand.self, AskCommand.self, PushCommand.self, PullCommand.self,
        ]
    )

    /// Runs the command; any error it throws ends the process through `report(for:)`.
    static func main() async {
        // Before anything else: no stage (a child, as the same user) may read a secret
        // out of /proc/<modelbuild>/environ, and a full or closed stdout never kills a build.
        ProcessHardening.hideEnvironment()
        ProcessHardening.forbidInspection()
        StandardStream.ignoreBrokenPipes()
        do {
            let arguments = LeadingProjectOptions.moved(Array(CommandLine.arguments.dropFirst()))
            if let mistyped = SubcommandSuggestion.error(for: arguments, among: configuration.subcommands) {
                throw mistyped
            }
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let report = report(for: error)
            if let message = report.message {
                let stream = report.status == 0 ? StandardStream.output : StandardStream.error
                stream.write(message.hasSuffix("\n") ? message : message + "\n")
            }
            Foundation.exit(report.status)
        }
    }

    /// The one mapping of every error to its exit status and message, as docs/cli.md's
    /// exit-status table says: 2 for bad arguments or configuration (an invalid builds.yaml,
    /// an unknown build, run, version or stage), 130 when cancelled, 1 when a build or a
    /// check failed; help and `--version` exit 0. An `ExitCode` a command throws was
    /// reported by the command already.
    static func report(for error: any Error) -> ErrorReport {
        if let exit = error as? ExitCode { return ErrorReport(status: exit.rawValue, message: nil) }
        let parserCode = exitCode(for: error)
        if parserCode == .success { return ErrorReport(status: 0, message: fullMessage(for: error)) }
        if parserCode == .validationFailure { return ErrorReport(status: ExitStatus.usage, message: fullMessage(for: error)) }
        if let diagnostics = error as? DiagnosticError {
            return ErrorReport(status: ExitStatus.usage, message: DiagnosticText.render(diagnostics.diagnostics))
        }
        switch RequestFailure(classifying: error) {
        case .cancelled: return ErrorReport(status: ExitStatus.cancelled, message: nil)
        case .usage: return ErrorReport(status: ExitStatus.usage, message: "error: \(error)")
        case .failed:
            // A Foundation file error (a full disk while writing) in words, not as its dump.
            if let system = FileSystemError(foundation: error) {
                return ErrorReport(status: ExitStatus.failure, message: "error: \(system)")
            }
            return ErrorReport(status: ExitStatus.failure, message: "error: \(error)")
        case .notRetryable: return ErrorReport(status: ExitStatus.notRetryable, message: "error: \(error)")
        }
    }
}

/// How the process ends after an error: its status and what to print (to standard output
/// for help, to standard error otherwise), if anything.
struct ErrorReport {
    var status: Int32
    var message: String?
}

/// The exit statuses modelbuild documents.
enum ExitStatus {
    static let failure: Int32 = 1
    static let usage: Int32 = 2
    static let cancelled: Int32 = 130
    /// A built-in stage whose inputs cannot work: the worker protocol's not-retryable status.
    static let notRetryable: Int32 = StageExitStatus.notRetryable
}
