import Foundation
import BuildConfiguration
import Platform

/// How each kind of stage is started, and the identity of what it runs (the
/// `implementation` ingredient of its cache key).
public struct StageCommand: Sendable, Hashable {
    /// The program and its arguments.
    public var arguments: [String]
    /// `builtin/train@1`, `plugin safety-scan@sha256:…`, `command sh -c …`.
    public var implementation: String
    /// What the stage reads, and so what its cache key holds (`StageRead`).
    public var reads: Set<StageRead>

    public init(arguments: [String], implementation: String, reads: Set<StageRead> = StageRead.everything) {
        self.arguments = arguments
        self.implementation = implementation
        self.reads = reads
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
    /// The folder holding builds.yaml: a `run:` program given as a relative path
    /// (`./scripts/prepare.sh`) is found there, and a program inside it is hashed into the
    /// stage's key. Nil leaves programs as written.
    public var projectRoot: String?

    public init(
        modelbuildBinary: String, plugin: @escaping @Sendable (String) -> StageCommand? = { _ in nil },
        projectRoot: String? = nil
    ) {
        self.modelbuildBinary = modelbuildBinary
        self.plugin = plugin
        self.projectRoot = projectRoot
    }

    /// The command for `stage`; nil when it names a plugin that cannot be resolved.
    public func command(for stage: StageSpec) -> StageCommand? {
        switch stage.implementation {
        case .builtin(let builtin):
            let name = "builtin/\(builtin.rawValue)"
            return StageCommand(
                arguments: [modelbuildBinary, "stage", "run", name],
                implementation: "\(name)@\(Self.builtinVersion)", reads: builtin.reads)
        case .plugin(let name):
            return plugin(name)
        case .command(let arguments):
            return projectCommand(arguments)
        }
    }

    /// A `run:` command with its program resolved against the project folder; a program
    /// that is a file in the project enters the implementation by its content digest, so
    /// editing the script reruns the stage.
    private func projectCommand(_ arguments: [String]) -> StageCommand {
        let written = "command " + arguments.joined(separator: " ")
        guard let root = projectRoot, let program = arguments.first, program.contains("/") else {
            return StageCommand(arguments: arguments, implementation: written)
        }
        let path =
            program.hasPrefix("/")
            ? program : URL(fileURLWithPath: root).appendingPathComponent(program).standardizedFileURL.path
        var resolved = arguments
        resolved[0] = path
        let rootPrefix = URL(fileURLWithPath: root).standardizedFileURL.path + "/"
        guard path.hasPrefix(rootPrefix), let digest = try? SHA256Digest.ofFile(at: path) else {
            return StageCommand(arguments: resolved, implementation: written)
        }
        return StageCommand(arguments: resolved, implementation: written + " @sha256:" + digest.sha256)
    }

    /// This process's own executable, for running built-in stages.
    public static func currentExecutable() -> String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return resolved
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }
}
