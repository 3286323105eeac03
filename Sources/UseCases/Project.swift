import Foundation
import BuildConfiguration
import YAML

/// A modelbuild project on disk: its builds.yaml, the `plugins/` folder beside it, and
/// the state (`.modelbuild/`) and artifacts (`artifacts/`) folders it works in.
public struct Project: Sendable {
    /// builds.yaml as the user named it (messages use this spelling).
    public let configPath: String
    /// The folder holding builds.yaml; relative paths in it are read from here.
    public let root: URL

    public init(configPath: String) {
        self.configPath = configPath
        let absolute = URL(fileURLWithPath: configPath).standardizedFileURL
        root = absolute.deletingLastPathComponent()
    }

    public var pluginsDirectory: URL { root.appendingPathComponent("plugins", isDirectory: true) }
    public var stateDirectory: URL { root.appendingPathComponent(".modelbuild", isDirectory: true) }
    public var artifactsDirectory: URL { root.appendingPathComponent("artifacts", isDirectory: true) }

    /// `plugins`, or `sub/plugins` when builds.yaml was named `sub/builds.yaml`: the
    /// plugins folder as messages name it.
    public var displayPluginsDirectory: String {
        let folder = (configPath as NSString).deletingLastPathComponent
        return folder.isEmpty ? "plugins" : folder + "/plugins"
    }

    /// The plugins in `plugins/`, each loaded, checked and digested.
    public func loadPlugins() -> PluginCatalog {
        PluginCatalog(directory: pluginsDirectory, displayDirectory: displayPluginsDirectory)
    }

    /// Loads and checks builds.yaml, with the project's plugins as the `uses:` lookup.
    public func loadConfig() throws(DiagnosticError) -> BuildConfig {
        try loadConfig(plugins: loadPlugins())
    }

    /// Loads and checks builds.yaml against `plugins` (loaded once and shared with the
    /// stage command resolver, so the digests checked are the digests run).
    public func loadConfig(plugins: PluginCatalog) throws(DiagnosticError) -> BuildConfig {
        try BuildConfigLoader(plugins: plugins).load(path: configPath)
    }
}
