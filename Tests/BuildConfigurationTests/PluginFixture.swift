import Foundation
import BuildConfiguration

/// A plugin folder made by a test: `<root>/plugins/<name>/` with a plugin.yaml and an
/// executable script.
struct PluginFixture {
    let root: URL
    let name: String

    var folder: URL { root.appendingPathComponent("plugins").appendingPathComponent(name) }
    var displayFolder: String { "plugins/\(name)" }

    /// Writes `manifest` as plugin.yaml and, unless nil, `script` as `run.sh` with `mode`.
    @discardableResult
    init(
        in root: URL, name: String, manifest: String, script: String? = "#!/bin/sh\nexit 0\n",
        mode: Int = 0o755
    ) throws {
        self.root = root
        self.name = name
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try write("plugin.yaml", manifest)
        if let script { try write("run.sh", script, mode: mode) }
    }

    /// Writes a file in the plugin folder, making its directories.
    func write(_ path: String, _ text: String, mode: Int = 0o644) throws {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
    }

    /// The loader's messages for the plugin, or an empty list when it loads.
    func messages() -> [String] {
        do {
            _ = try PluginManifestLoader(folder: folder, displayFolder: displayFolder).load()
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    func load() throws -> PluginManifestLoader.Loaded {
        try PluginManifestLoader(folder: folder, displayFolder: displayFolder).load()
    }

    var catalog: PluginCatalog {
        PluginCatalog(directory: root.appendingPathComponent("plugins"))
    }
}

/// A plugin.yaml with two parameters, for tests that change one line.
func manifestText(name: String = "scan", run: String = "[./run.sh]", extra: String = "") -> String {
    """
    name: \(name)
    version: 1.0.0
    description: A test plugin
    run: \(run)
    params:
      allow:
        type: list
        default: []
      level:
        type: integer
        required: true
    \(extra)
    """
}
