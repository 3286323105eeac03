import Foundation
import YAML

/// The lookup point for `uses:` names that are not built-ins: the plugins a project
/// ships in `plugins/<name>/plugin.yaml`, each loaded, checked and digested.
public struct PluginCatalog: Sendable, Hashable {
    /// The plugins by name.
    public private(set) var plugins: [String: Plugin]

    /// Plugins known by name only: `uses:` accepts them and their `with:` is not checked
    /// (for tests of builds.yaml alone).
    public init(names: Set<String> = []) {
        plugins = Dictionary(uniqueKeysWithValues: names.map { ($0, Plugin(name: $0)) })
    }

    /// These plugins.
    public init(_ plugins: [Plugin]) {
        self.plugins = Dictionary(plugins.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The plugins in `directory`: each sub-folder holding a `plugin.yaml`, loaded and
    /// checked. A missing directory holds none.
    /// - Parameter displayDirectory: the directory as messages name it (`plugins`).
    public init(directory: URL, displayDirectory: String = "plugins") {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let folders = entries.filter {
            !$0.hasPrefix(".")
                && FileManager.default.fileExists(
                    atPath: directory.appendingPathComponent($0).appendingPathComponent(PluginManifestLoader.fileName)
                        .path)
        }
        self.init(
            folders.map {
                Plugin.load(folder: directory.appendingPathComponent($0), displayFolder: displayDirectory + "/" + $0)
            })
    }

    /// Names of the plugins found.
    public var names: Set<String> { Set(plugins.keys) }

    /// Every plugin, by name.
    public var all: [Plugin] { plugins.values.sorted { $0.name < $1.name } }

    /// The plugin named `name`.
    public subscript(name: String) -> Plugin? { plugins[name] }
}

/// One plugin of a project: its folder, its checked manifest and command, the digest of
/// its folder, and the problems that keep it from running.
public struct Plugin: Sendable, Hashable {
    /// The folder's name, which `uses:` names.
    public var name: String
    /// nil for a plugin known by name only.
    public var folder: URL?
    /// `plugins/<name>/plugin.yaml`, as messages name it.
    public var manifestFile: String
    /// nil when plugin.yaml has errors, or for a plugin known by name only.
    public var manifest: PluginManifest?
    /// The command that runs it: the program as an absolute path when the plugin folder
    /// holds it, or a name found on PATH, then its arguments.
    public var command: [String]
    /// `sha256:…` of the folder (see `PluginFolderDigest`); nil when it could not be made.
    public var digest: String?
    /// Errors in plugin.yaml, its command or its folder, located.
    public var diagnostics: [Diagnostic]

    public init(
        name: String, folder: URL? = nil, manifestFile: String? = nil, manifest: PluginManifest? = nil,
        command: [String] = [], digest: String? = nil, diagnostics: [Diagnostic] = []
    ) {
        self.name = name
        self.folder = folder
        self.manifestFile = manifestFile ?? "plugins/\(name)/\(PluginManifestLoader.fileName)"
        self.manifest = manifest
        self.command = command
        self.digest = digest
        self.diagnostics = diagnostics
    }

    /// Whether it has errors that keep it from being used.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Loads the plugin in `folder`: its manifest, command and digest.
    public static func load(folder: URL, displayFolder: String) -> Plugin {
        let loader = PluginManifestLoader(folder: folder, displayFolder: displayFolder)
        var plugin = Plugin(name: folder.lastPathComponent, folder: folder, manifestFile: loader.displayFile)
        do {
            let loaded = try loader.load()
            plugin.manifest = loaded.manifest
            plugin.command = loaded.command
        } catch {
            plugin.diagnostics += error.diagnostics
        }
        do {
            plugin.digest = try PluginFolderDigest.compute(folder: folder)
        } catch {
            plugin.diagnostics.append(
                Diagnostic(
                    at: SourceLocation(file: loader.displayFile, line: 1, column: 1),
                    "\(displayFolder)/\(error.path) \(error.reason)"))
        }
        return plugin
    }
}
