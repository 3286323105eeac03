import ArgumentParser
import Foundation
import UseCases
import BuildConfiguration
import YAML

/// `-c/--config FILE` and `-C DIR`, shared by every command that reads builds.yaml. Like
/// cargo and git, builds.yaml is searched upward from the working folder (or DIR) when
/// no file is named; `MODELBUILD_CONFIG` names one too.
struct ConfigOptions: ParsableArguments {
    @Option(
        name: [.customShort("c"), .long],
        help: ArgumentHelp(
            "The configuration file; default: $MODELBUILD_CONFIG, else builds.yaml here or in a folder above.",
            valueName: "file"))
    var config: String?

    @Option(
        name: .customShort("C"),
        help: ArgumentHelp("Look for builds.yaml from this folder instead of the working one.", valueName: "dir"))
    var directory: String?

    /// The configuration file's path, as messages spell it.
    var configPath: String {
        get throws {
            try ConfigFileSearch.locate(
                named: config, environment: ProcessInfo.processInfo.environment["MODELBUILD_CONFIG"], start: directory,
                workingDirectory: FileManager.default.currentDirectoryPath)
        }
    }

    var project: Project {
        get throws { Project(configPath: try configPath) }
    }

    /// The project, or the working folder as one when no builds.yaml is found: for the
    /// commands that do their work without it (`prune` of a folder that never built,
    /// `taxonomy check` of files on disk).
    var projectOrWorkingFolder: Project {
        (try? project) ?? Project(configPath: ConfigFileSearch.fileName)
    }

    /// The loaded configuration; its errors are printed all at once, like a compiler's, exit 2.
    func load() throws -> BuildConfig {
        try load(plugins: project.loadPlugins())
    }

    /// The loaded configuration and a build session whose plugin stages run the very
    /// plugins the configuration was checked against.
    func session() throws -> (config: BuildConfig, session: BuildSession) {
        let project = try project
        let plugins = project.loadPlugins()
        let config = try project.loadConfig(plugins: plugins)
        let session = BuildSession(
            project: project,
            commands: StageCommandResolver(
                modelbuildBinary: StageCommandResolver.currentExecutable(),
                plugin: PluginCommands.resolver(catalog: plugins), projectRoot: project.root.path))
        return (config, session)
    }

    /// The loaded configuration, checked against `plugins`; its errors (a `DiagnosticError`)
    /// end the command with exit status 2, printed like a compiler's.
    func load(plugins: PluginCatalog) throws -> BuildConfig {
        try project.loadConfig(plugins: plugins)
    }
}
