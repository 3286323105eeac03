import BuildConfiguration

/// How plugin stages are started: the resolver `StageCommandResolver.plugin` uses, built
/// from a project's loaded plugins. A plugin's implementation is
/// `plugin <name>@sha256:<folder digest>`, so editing any file of the plugin changes the
/// cache key of every stage that uses it (`plan` says "plugin digest changed").
public enum PluginCommands {
    /// The command of `plugin`; nil when it has errors or was never loaded from a folder.
    public static func command(for plugin: Plugin) -> StageCommand? {
        guard !plugin.hasErrors, let manifest = plugin.manifest, let digest = plugin.digest, !plugin.command.isEmpty
        else {
            return nil
        }
        return StageCommand(
            arguments: plugin.command, implementation: "plugin \(plugin.name)@\(digest)", reads: manifest.reads)
    }

    /// Resolves plugin names through `catalog`, for `StageCommandResolver(modelbuildBinary:plugin:)`.
    public static func resolver(catalog: PluginCatalog) -> @Sendable (String) -> StageCommand? {
        { name in catalog[name].flatMap(command(for:)) }
    }
}

extension StageCommandResolver {
    /// Built-ins run by `modelbuildBinary`, plugins from `plugins`.
    public init(modelbuildBinary: String, plugins: PluginCatalog) {
        self.init(modelbuildBinary: modelbuildBinary, plugin: PluginCommands.resolver(catalog: plugins))
    }
}
