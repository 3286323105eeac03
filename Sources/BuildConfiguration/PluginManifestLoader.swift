import Foundation
import StageProtocol
import YAML

/// Reads a plugin folder's `plugin.yaml` into a `PluginManifest`, checking every key and
/// the command, and reports every problem at once, located like builds.yaml's:
/// `plugins/safety-scan/plugin.yaml:6:11: error: params.allow.type: unknown type "lst" (did you mean "list"?)`.
public struct PluginManifestLoader: Sendable {
    /// The manifest's file name inside a plugin folder.
    public static let fileName = "plugin.yaml"
    static let topLevelKeys = ["name", "version", "description", "run", "params", "reads"]
    static let parameterKeys = ["type", "default", "required", "description", "choices"]

    /// The plugin folder.
    public let folder: URL
    /// The folder as messages name it (`plugins/safety-scan`).
    public let displayFolder: String
    /// Where programs named without a `/` are looked for when the plugin folder does not
    /// hold them: the `PATH` stages inherit.
    public let searchPath: String

    public init(
        folder: URL, displayFolder: String,
        searchPath: String = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    ) {
        self.folder = folder.standardizedFileURL
        self.displayFolder = displayFolder
        self.searchPath = searchPath
    }

    /// `plugins/safety-scan/plugin.yaml`, as messages name it.
    public var displayFile: String { displayFolder + "/" + Self.fileName }

    /// A checked manifest and the command that runs it: the program as an absolute path
    /// when the plugin folder holds it, as a name when it is found on PATH.
    public struct Loaded: Sendable, Hashable {
        public var manifest: PluginManifest
        public var command: [String]
    }

    /// Reads and checks `plugin.yaml`.
    public func load() throws(DiagnosticError) -> Loaded {
        let file = folder.appendingPathComponent(Self.fileName)
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw DiagnosticError([
                Diagnostic(at: SourceLocation(file: displayFile, line: 1, column: 1), "cannot be read")
            ])
        }
        guard let root = try YAMLParser.parse(Array(data), file: displayFile) else {
            throw DiagnosticError([
                Diagnostic(
                    at: SourceLocation(file: displayFile, line: 1, column: 1),
                    "the file is empty; expected a mapping with name, version and run")
            ])
        }
        let nodes = NodeReader()
        let loaded = read(root, nodes: nodes)
        if let loaded, !nodes.hasErrors { return loaded }
        throw DiagnosticError(nodes.diagnostics.sorted { $0.location < $1.location })
    }

    private func read(_ root: Node, nodes: NodeReader) -> Loaded? {
        guard
            let top = nodes.mapping(
                root, at: KeyPath(), allowed: Self.topLevelKeys, required: ["name", "version", "run"])
        else { return nil }
        let name = top["name"].flatMap { readName($0, at: top.path("name"), nodes: nodes) }
        let version = top["version"].flatMap { nodes.nonEmptyString($0, at: top.path("version")) }
        let description = top["description"].map { nodes.string($0, at: top.path("description")) } ?? ""
        let command = top["run"].flatMap { readRun($0, at: top.path("run"), nodes: nodes) }
        let params = top["params"].map { readParams($0, at: top.path("params"), nodes: nodes) } ?? []
        let reads = top["reads"].map { readReads($0, at: top.path("reads"), nodes: nodes) } ?? StageRead.everything
        guard let name, let version, let description, let command, let params, let reads else { return nil }
        return Loaded(
            manifest: PluginManifest(
                name: name, version: version, description: description, run: command.written, params: params,
                reads: reads),
            command: command.resolved)
    }

    private func readName(_ node: Node, at path: KeyPath, nodes: NodeReader) -> String? {
        guard let name = nodes.nonEmptyString(node, at: path) else { return nil }
        let folderName = folder.lastPathComponent
        guard name == folderName else {
            nodes.error(
                "\"\(name)\" must equal the plugin's folder name \"\(folderName)\" (builds.yaml's uses: names the folder)",
                at: node, path: path)
            return nil
        }
        guard let first = name.first, first.isASCII, first.isLowercase,
            name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || "._-".contains($0)) })
        else {
            nodes.error("\"\(name)\" is not a valid plugin name (expected [a-z][a-z0-9._-]*)", at: node, path: path)
            return nil
        }
        return name
    }

    // MARK: run

    private func readRun(_ node: Node, at path: KeyPath, nodes: NodeReader) -> (written: [String], resolved: [String])? {
        guard let arguments = nodes.stringList(node, at: path, acceptingSingle: true) else { return nil }
        guard let program = arguments.first, !program.isEmpty else {
            nodes.error("must name a program to run", at: node, path: path)
            return nil
        }
        let programNode = node.sequence?.first ?? node
        let programPath = node.sequence == nil ? path : path.appending(index: 0)
        guard let resolved = resolveProgram(program, at: programNode, path: programPath, nodes: nodes) else {
            return nil
        }
        return (arguments, [resolved] + arguments.dropFirst())
    }

    /// The program's absolute path when it is a file (in the plugin folder, or given
    /// absolute), or its name when it is found on PATH; nil, with an error, when it
    /// cannot run.
    private func resolveProgram(_ program: String, at node: Node, path: KeyPath, nodes: NodeReader) -> String? {
        let candidate: URL
        let shown: String
        if program.hasPrefix("/") {
            candidate = URL(fileURLWithPath: program)
            shown = program
        } else {
            let inFolder = folder.appendingPathComponent(program).standardizedFileURL
            guard inFolder.path.hasPrefix(folder.path + "/") else {
                nodes.error(
                    "\"\(program)\" points outside the plugin folder; the program must be inside it (its digest covers only the folder)",
                    at: node, path: path)
                return nil
            }
            if !program.contains("/"), !FileManager.default.fileExists(atPath: inFolder.path) {
                guard isOnSearchPath(program) else {
                    nodes.error(
                        "program \"\(program)\" is not in \(displayFolder)/ and not found on PATH (\(searchPath))",
                        at: node, path: path)
                    return nil
                }
                return program
            }
            candidate = inFolder
            shown = displayFolder + "/" + String(inFolder.path.dropFirst(folder.path.count + 1))
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory) else {
            nodes.error("\(shown) does not exist", at: node, path: path)
            return nil
        }
        guard !isDirectory.boolValue else {
            nodes.error("\(shown) is a directory, not a program", at: node, path: path)
            return nil
        }
        guard FileManager.default.isExecutableFile(atPath: candidate.path) else {
            nodes.error("\(shown) is not executable (chmod +x \(shown))", at: node, path: path)
            return nil
        }
        return candidate.path
    }

    private func isOnSearchPath(_ program: String) -> Bool {
        searchPath.split(separator: ":").contains { directory in
            FileManager.default.isExecutableFile(atPath: "\(directory)/\(program)")
        }
    }

    // MARK: reads

    /// `reads: [inputs, base_model]`: each entry one of `StageRead`'s names, once.
    private func readReads(_ node: Node, at path: KeyPath, nodes: NodeReader) -> Set<StageRead>? {
        guard let items = nodes.list(node, at: path) else { return nil }
        let known = StageRead.allCases.map(\.rawValue)
        var reads: Set<StageRead> = []
        var valid = true
        for (index, item) in items.enumerated() {
            guard let text = nodes.string(item, at: path.appending(index: index)) else {
                valid = false
                continue
            }
            guard let read = StageRead(rawValue: text) else {
                let suggestion = Suggestion.didYouMean(text, among: known)
                nodes.error(
                    "unknown input \"\(text)\""
                        + (suggestion.isEmpty ? " (expected any of: \(known.joined(separator: ", ")))" : suggestion),
                    at: item, path: path.appending(index: index))
                valid = false
                continue
            }
            if !reads.insert(read).inserted {
                nodes.error("\"\(text)\" is listed twice", at: item, path: path.appending(index: index))
                valid = false
            }
        }
        return valid ? reads : nil
    }

    // MARK: params

    private func readParams(_ node: Node, at path: KeyPath, nodes: NodeReader) -> [PluginParameter]? {
        guard let mapping = nodes.mapping(node, at: path) else { return nil }
        var params: [PluginParameter] = []
        var valid = true
        for key in mapping.keys {
            let isIdentifier =
                key.first.map { $0.isASCII && ($0.isLowercase || $0 == "_") } == true
                && key.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
            guard isIdentifier else {
                nodes.error(
                    "\"\(key)\" is not a valid parameter name (expected [a-z_][a-z0-9_]*)",
                    at: mapping.keyNode(key)!, path: path)
                valid = false
                continue
            }
            if let parameter = readParameter(key, mapping[key]!, at: mapping.path(key), nodes: nodes) {
                params.append(parameter)
            } else {
                valid = false
            }
        }
        return valid ? params : nil
    }

    private func readParameter(_ name: String, _ node: Node, at path: KeyPath, nodes: NodeReader) -> PluginParameter? {
        guard let entry = nodes.mapping(node, at: path, allowed: Self.parameterKeys, required: ["type"]) else {
            return nil
        }
        let type = entry["type"].flatMap { readType($0, at: entry.path("type"), nodes: nodes) }
        let required = entry["required"].map { nodes.bool($0, at: entry.path("required")) } ?? false
        let description = entry["description"].map { nodes.string($0, at: entry.path("description")) } ?? ""
        guard let type, let required, let description else { return nil }
        var valid = true
        var choices: [JSONValue] = []
        if let node = entry["choices"] {
            if let items = readChoices(node, type: type, at: entry.path("choices"), nodes: nodes) {
                choices = items
            } else {
                valid = false
            }
        }
        var defaultValue: JSONValue?
        if let node = entry["default"] {
            let value = ConfigReader.json(node)
            if required {
                nodes.error(
                    "a required parameter has no default (drop required: true or the default)", at: node,
                    path: entry.path("default"))
                valid = false
            } else if !type.accepts(value) {
                nodes.error(
                    "expected \(type.expectation) (the parameter's type), found \(node.kindDescription)", at: node,
                    path: entry.path("default"))
                valid = false
            } else if !choices.isEmpty, !choices.contains(where: { PluginParameterCheck.same($0, value) }) {
                nodes.error(
                    "\(value.rendered) is not one of the choices (\(choices.map(\.rendered).joined(separator: ", ")))",
                    at: node, path: entry.path("default"))
                valid = false
            }
            defaultValue = value
        }
        guard valid else { return nil }
        return PluginParameter(
            name: name, type: type, defaultValue: defaultValue, required: required, description: description,
            choices: choices)
    }

    private func readType(_ node: Node, at path: KeyPath, nodes: NodeReader) -> PluginParameterType? {
        guard let text = nodes.string(node, at: path) else { return nil }
        if let type = PluginParameterType(rawValue: text) { return type }
        let known = PluginParameterType.allCases.map(\.rawValue)
        let suggestion = Suggestion.didYouMean(text, among: known)
        nodes.error(
            "unknown type \"\(text)\"" + (suggestion.isEmpty ? " (expected one of: \(known.joined(separator: ", ")))" : suggestion),
            at: node, path: path)
        return nil
    }

    private func readChoices(
        _ node: Node, type: PluginParameterType, at path: KeyPath, nodes: NodeReader
    ) -> [JSONValue]? {
        guard let items = nodes.list(node, at: path) else { return nil }
        guard type.takesChoices else {
            nodes.error("only string, integer and number parameters take choices", at: node, path: path)
            return nil
        }
        guard !items.isEmpty else {
            nodes.error("must list at least one choice", at: node, path: path)
            return nil
        }
        var choices: [JSONValue] = []
        for (index, item) in items.enumerated() {
            let value = ConfigReader.json(item)
            guard type.accepts(value) else {
                nodes.error(
                    "expected \(type.expectation) (the parameter's type), found \(item.kindDescription)", at: item,
                    path: path.appending(index: index))
                return nil
            }
            choices.append(value)
        }
        return choices
    }
}
