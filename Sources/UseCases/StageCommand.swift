import Foundation
import BuildConfiguration

/// How each kind of stage is started, and the identity of what it runs (the
/// `implementation` ingredient of its cache key).
public struct StageCommand: Sendable, Hashable {
    /// The program and its arguments.
    public var arguments: [String]
    /// `builtin/train@1`, `plugin safety-scan@sha256:…`, `command sh -c …`.
    public var implementation: String

    public init(arguments: [String], implementation: String) {
        self.arguments = arguments
        self.implementation = implementation
    }
}

/// Resolves a stage's `uses:`/`run:` to the command that runs it.
public struct StageCommandResolver: Sendable {
    /// Bumped when a built-in stage's outputs change for the same inputs, so old cache
    /// entries are not reused. 2: their JSON files are written by `JSONWriter` (keys sorted,
    /// `"key" : value`, whole numbers without `.0`).
    public static let builtinVersion = 2

    /// The modelbuild binary that runs built-in stages (`modelbuild stage run builtin/x`).
    public var modelbuildBinary: String
    /// Resolves a plugin name to its command and folder digest; nil when there is none.
    public var plugin: @Sendable (String) -> StageCommand?

    public init(modelbuildBinary: String, plugin: @escaping @Sendable (String) -> StageCommand? = { _ in nil }) {
        self.modelbuildBinary = modelbuildBinary
        self.plugin = plugin
    }

    /// The command for `stage`; nil when it names a plugin that cannot be resolved.
    public func command(for stage: StageSpec) -> StageCommand? {
        switch stage.implementation {
        case .builtin(let builtin):
            let name = "builtin/\(builtin.rawValue)"
            return StageCommand(
                arguments: [modelbuildBinary, "stage", "run", name],
                implementation: "\(name)@\(Self.builtinVersion)")
        case .plugin(let name):
            return plugin(name)
        case .command(let arguments):
            return StageCommand(arguments: arguments, implementation: "command " + arguments.joined(separator: " "))
        }
    }

    /// This process's own executable, for running built-in stages.
    public static func currentExecutable() -> String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return resolved
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }
}
