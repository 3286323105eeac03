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

    /// The loaded configuration; its errors are printed all at once, like a compiler's, exit 2.
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
                plugin: PluginCommands.resolver(catalog: plugins), projectRoot: project.root.path))
        return (config, session)
    }

    /// The loaded configuration, checked against `plugins`; its errors (a `DiagnosticError`)
    /// end the command with exit status 2, printed like a compiler's.
    func load(plugins: PluginCatalog) throws -> BuildConfig {
        try project.loadConfig(plugins: plugins)
    }
}
