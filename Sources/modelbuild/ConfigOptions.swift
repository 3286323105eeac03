import ArgumentParser
import Foundation
import UseCases
import BuildConfiguration
import YAML

/// `--config`, shared by every command that reads builds.yaml.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "The configuration file.")
    var config: String = "builds.yaml"

    var project: Project { Project(configPath: config) }

    /// The loaded configuration; on errors, prints them all like a compiler and exits 2.
    func load() throws -> BuildConfig {
        try load(plugins: project.loadPlugins())
    }

    /// The loaded configuration and a build session whose plugin stages run the very
    /// plugins the configuration was checked against.
    func session() throws -> (config: BuildConfig, session: BuildSession) {
        let plugins = project.loadPlugins()
        let config = try load(plugins: plugins)
        let session = BuildSession(
            project: project,
            commands: StageCommandResolver(
                modelbuildBinary: StageCommandResolver.currentExecutable(),
                plugin: PluginCommands.resolver(catalog: plugins)))
        return (config, session)
    }

    /// The loaded configuration, checked against `plugins`; on errors, as `load()`.
    func load(plugins: PluginCatalog) throws -> BuildConfig {
        do {
            return try project.loadConfig(plugins: plugins)
        } catch {
            printDiagnostics(error.diagnostics)
            throw ExitCode(ExitStatus.usage)
        }
    }
}
