import StageProtocol

/// `plugins/<name>/plugin.yaml` after every key was checked: what the plugin is, the
/// command that runs it, and the parameters builds.yaml's `with:` may give it.
public struct PluginManifest: Sendable, Hashable {
    /// Equal to the plugin's folder name; what builds.yaml's `uses:` names.
    public var name: String
    public var version: String
    public var description: String
    /// The command as plugin.yaml writes it: the program (a path relative to the plugin
    /// folder, or a program on PATH) and its arguments.
    public var run: [String]
    /// The parameters, in the order plugin.yaml lists them.
    public var params: [PluginParameter]
    /// `reads:` — what the plugin's stages read, and so what their cache keys hold;
    /// everything when plugin.yaml does not say.
    public var reads: Set<StageRead>

    public init(
        name: String, version: String, description: String = "", run: [String], params: [PluginParameter] = [],
        reads: Set<StageRead> = StageRead.everything
    ) {
        self.name = name
        self.version = version
        self.description = description
        self.run = run
        self.params = params
        self.reads = reads
    }

    /// The parameter named `name`.
    public func parameter(named name: String) -> PluginParameter? {
        params.first { $0.name == name }
    }
}

/// One entry of a plugin's `params:`.
public struct PluginParameter: Sendable, Hashable {
    public var name: String
    public var type: PluginParameterType
    /// Used when `with:` does not give the parameter; of `type`.
    public var defaultValue: JSONValue?
    /// `with:` must give it (a required parameter has no default).
    public var required: Bool
    public var description: String
    /// When not empty, the only values `with:` may give (`step: [generate, train]`).
    public var choices: [JSONValue]

    public init(
        name: String, type: PluginParameterType, defaultValue: JSONValue? = nil, required: Bool = false,
        description: String = "", choices: [JSONValue] = []
    ) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.required = required
        self.description = description
        self.choices = choices
    }
}

/// The types a plugin parameter can have: the same vocabulary the built-in stages
/// declare theirs in.
public typealias PluginParameterType = StageParameterType
