import Foundation
import Pipeline
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

    /// Loads and checks builds.yaml, with the project's plugins as the `uses:` lookup.
    public func loadConfig() throws(DiagnosticError) -> BuildConfig {
        try BuildConfigLoader(plugins: PluginCatalog(directory: pluginsDirectory)).load(path: configPath)
    }
}
