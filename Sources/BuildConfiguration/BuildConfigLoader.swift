import Foundation
import YAML

/// Reads builds.yaml into a `BuildConfig`, checking every key before anything runs, and
/// reports every problem at once, each located: `builds.yaml:14:7: error: stages.train.needs:
/// unknown stage "genrate" (did you mean "generate"?)`.
public struct BuildConfigLoader: Sendable {
    public var plugins: PluginCatalog
    /// Default for `executor.workers`.
    public var defaultWorkers: Int

    public init(
        plugins: PluginCatalog = PluginCatalog(),
        defaultWorkers: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.plugins = plugins
        self.defaultWorkers = defaultWorkers
    }

    /// Loads the file at `path`, named in messages as given.
    public func load(path: String) throws(DiagnosticError) -> BuildConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            throw DiagnosticError([
                Diagnostic(at: SourceLocation(file: path, line: 1, column: 1), "configuration file \(reason)")
            ])
        }
        return try load(Array(data), file: path)
    }

    /// Loads builds.yaml from `bytes`, named `file` in messages.
    public func load(_ bytes: [UInt8], file: String) throws(DiagnosticError) -> BuildConfig {
        guard let root = try YAMLParser.parse(bytes, file: file) else {
            throw DiagnosticError([
                Diagnostic(
                    at: SourceLocation(file: file, line: 1, column: 1),
                    "the file is empty; expected a mapping with version, model, stages and builds")
            ])
        }
        let reader = ConfigReader(plugins: plugins, defaultWorkers: defaultWorkers)
        let sections = reader.readSections(root)
        let checks = ConfigChecks(nodes: reader.nodes, root: root)
        checks.check(sections)
        checks.checkPrograms(
            sections.stages.read, folder: URL(fileURLWithPath: file).standardizedFileURL.deletingLastPathComponent().path)
        // A plugin used by several stages brings its own errors once.
        var seen = Set<Diagnostic>()
        let diagnostics = reader.nodes.diagnostics.filter { seen.insert($0).inserted }
        if let config = sections.config, !diagnostics.contains(where: { $0.severity == .error }) {
            return config
        }
        throw DiagnosticError(diagnostics.sorted { $0.location < $1.location })
    }
}
