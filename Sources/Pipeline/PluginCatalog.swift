import Foundation

/// The lookup point for `uses:` names that are not built-ins: the plugins a project
/// ships in `plugins/<name>/plugin.yaml`.
public struct PluginCatalog: Sendable, Hashable {
    /// Names of the plugins found.
    public var names: Set<String>

    public init(names: Set<String> = []) {
        self.names = names
    }

    /// The plugins in `directory`: each sub-folder holding a `plugin.yaml`. A missing
    /// directory holds none.
    public init(directory: URL) {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        names = Set(
            entries.filter {
                FileManager.default.fileExists(
                    atPath: directory.appendingPathComponent($0).appendingPathComponent("plugin.yaml").path)
            })
    }
}
