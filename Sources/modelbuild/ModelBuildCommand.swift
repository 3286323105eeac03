import ArgumentParser
import Foundation
import Platform
import UseCases

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
            ValidateCommand.self, PlanCommand.self, BuildCommand.self, RunsCommand.self, StatusCommand.self,
            LogsCommand.self, TaxonomyCommand.self, PluginsCommand.self, ListCommand.self, VerifyCommand.self,
            GarbageCollectCommand.self, PruneCommand.self, KeysCommand.self, ExportCommand.self, ReleaseCommand.self,
            ScheduleCommand.self, StageGroupCommand.self,
        ]
    )

    /// Runs the command and maps argument errors to exit status 2 (usage), as documented,
    /// instead of the parser's default 64.
    static func main() async {
        // Before anything else: no stage (a child, as the same user) may read a secret
        // out of /proc/<modelbuild>/environ, and a full or closed stdout never kills a build.
        ProcessHardening.hideEnvironment()
        ProcessHardening.forbidInspection()
        StandardStream.ignoreBrokenPipes()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                StandardStream.error.write(fullMessage(for: error) + "\n")
                Foundation.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }
}

/// The exit statuses modelbuild documents.
enum ExitStatus {
    static let failure: Int32 = 1
    static let usage: Int32 = 2
    static let cancelled: Int32 = 130
}
