import StageProtocol
import YAML

extension ConfigReader {
    static let stageKeys = [
        "uses", "run", "needs", "with", "resources", "timeout", "grace", "retry", "only", "foreach", "secrets",
        "deps",
    ]

    /// The stages read (with fallbacks where a value was wrong), every name declared, and
    /// whether all read without errors.
    struct Stages {
        var read: [StageSpec] = []
        var declared: [String] = []
        var complete = false
    }

    func readStages(_ node: Node, at path: KeyPath) -> Stages {
        guard let stages = nodes.mapping(node, at: path) else { return Stages() }
        if stages.keys.isEmpty {
            nodes.error("must declare at least one stage", at: node, path: path)
            return Stages()
        }
        var result: [StageSpec] = []
        var valid = true
        for key in stages.keys {
            let keyNode = stages.keyNode(key)!
            guard isName(key) else {
                nodes.error(
                    "\"\(key)\" is not a valid stage name (expected \(Self.namePattern))", at: keyNode, path: path)
                valid = false
                continue
            }
            guard let (stage, stageValid) = readStage(key, stages[key]!, at: stages.path(key)) else {
                valid = false
                continue
            }
            valid = valid && stageValid
            result.append(stage)
        }
        return Stages(read: result, declared: stages.keys, complete: valid)
    }

    /// The stage, with fallbacks in place of values that did not read (so cross-checks
    /// still see its needs), and whether everything read.
    private func readStage(_ name: String, _ node: Node, at path: KeyPath) -> (StageSpec, valid: Bool)? {
        guard let stage = nodes.mapping(node, at: path, allowed: Self.stageKeys) else { return nil }
        let implementation = readImplementation(stage, at: path, node: node)
        let needs = stage["needs"].map { nodes.stringList($0, at: stage.path("needs"), acceptingSingle: true) } ?? []
        var params = stage["with"].map { readParams($0, at: stage.path("with")) } ?? [:]
        if case .plugin(let plugin)? = implementation, let manifest = plugins[plugin]?.manifest, let given = params {
            params = checkPluginParams(given, manifest: manifest, withNode: stage["with"], stageNode: node, at: path)
        }
        if case .builtin(let builtin)? = implementation, let given = params {
            params = checkBuiltinParams(given, builtin: builtin, withNode: stage["with"], stageNode: node, at: path)
        }
        let resources = stage["resources"].map { counts($0, at: stage.path("resources"), minimum: 0) } ?? [:]
        let timeout = stage["timeout"].map { duration($0, at: stage.path("timeout")) }
        let grace = stage["grace"].map { gracePeriod($0, at: stage.path("grace")) }
        let retry = stage["retry"].map { readRetry($0, at: stage.path("retry")) } ?? RetrySpec.none
        let only = stage["only"].map { nodes.stringList($0, at: stage.path("only"), acceptingSingle: true) } ?? []
        let foreach = stage["foreach"].map { readForeach($0, at: stage.path("foreach")) }
        let secrets = stage["secrets"].map { readSecrets($0, at: stage.path("secrets")) } ?? []
        let deps = stage["deps"].map { readDeps($0, at: stage.path("deps")) } ?? []
        let valid =
            implementation != nil && needs != nil && params != nil && resources != nil && retry != nil
            && only != nil && secrets != nil && timeout != .some(nil) && grace != .some(nil) && foreach != .some(nil)
            && deps != nil
        let spec = StageSpec(
            name: name, implementation: implementation ?? .command([]), needs: needs ?? [], params: params ?? [:],
            resources: resources ?? [:], timeout: timeout ?? nil, grace: grace ?? nil, retry: retry ?? .none,
            only: only ?? [], foreach: foreach ?? nil, secrets: secrets ?? [])
        var withDeps = spec
        withDeps.deps = deps ?? []
        return (withDeps, valid)
    }

    /// `deps:` — project files the stage reads (`data/x.txt`, `scripts/*.sh`, `data/**`),
    /// relative to the folder holding builds.yaml and inside it.
    private func readDeps(_ node: Node, at path: KeyPath) -> [String]? {
        guard let patterns = nodes.stringList(node, at: path, acceptingSingle: true) else { return nil }
        var valid = true
        for pattern in patterns
        where pattern.isEmpty || pattern.hasPrefix("/") || pattern.split(separator: "/").contains("..") {
            nodes.error(
                "\"\(pattern)\" is not a path under the project (relative to the folder holding builds.yaml, no ..)",
                at: node, path: path)
            valid = false
        }
        return valid ? patterns : nil
    }

    private func readImplementation(_ stage: MappingView, at path: KeyPath, node: Node) -> StageImplementation? {
        switch (stage["uses"], stage["run"]) {
        case (nil, nil):
            nodes.error("missing required key \"uses\" (or \"run\" for a plain command)", at: node, path: path)
            return nil
        case (.some, .some):
            nodes.error("give either \"uses\" or \"run\", not both", at: stage.keyNode("run")!, path: path)
            return nil
        case (nil, let run?):
            // `run: "make data"` is a shell command line: `[sh, -c, "make data"]`.
            if run.scalar != nil, run.scalar?.isNull == false {
                return nodes.nonEmptyString(run, at: stage.path("run")).map { .command(["sh", "-c", $0]) }
            }
            guard let arguments = nodes.stringList(run, at: stage.path("run")) else { return nil }
            guard !arguments.isEmpty else {
                nodes.error("must name a program to run", at: run, path: stage.path("run"))
                return nil
            }
            return .command(arguments)
        case (let uses?, nil):
            return readUses(uses, at: stage.path("uses"))
        }
    }

    private func readUses(_ node: Node, at path: KeyPath) -> StageImplementation? {
        guard let text = nodes.nonEmptyString(node, at: path) else { return nil }
        let builtinNames = BuiltinStage.allCases.map { "builtin/\($0.rawValue)" }
        if text.hasPrefix("builtin/") {
            if let builtin = BuiltinStage(rawValue: String(text.dropFirst("builtin/".count))) {
                return .builtin(builtin)
            }
            nodes.error(
                "unknown built-in stage \"\(text)\"\(Suggestion.didYouMean(text, among: builtinNames)) (built-ins: \(builtinNames.joined(separator: ", ")))",
                at: node, path: path)
            return nil
        }
        if let plugin = plugins[text] {
            guard plugin.hasErrors else { return .plugin(text) }
            let count = plugin.diagnostics.filter { $0.severity == .error }.count
            nodes.error(
                "plugin \"\(text)\" cannot be used: \(plugin.manifestFile) has \(count) error\(count == 1 ? "" : "s") (listed with it)",
                at: node, path: path)
            for diagnostic in plugin.diagnostics {
                nodes.error(diagnostic.message, at: diagnostic.location, path: diagnostic.path)
            }
            return nil
        }
        nodes.error(
            "unknown stage kind \"\(text)\": no built-in of that name and no plugins/\(text)/plugin.yaml\(Suggestion.didYouMean(text, among: builtinNames + plugins.names.sorted()))",
            at: node, path: path)
        return nil
    }

    private func readRetry(_ node: Node, at path: KeyPath) -> RetrySpec? {
        guard let retry = nodes.mapping(node, at: path, allowed: ["attempts", "backoff"], required: ["attempts"])
        else { return nil }
        let attempts = retry["attempts"].flatMap { nodes.integer($0, at: retry.path("attempts"), in: 1...100) }
        let backoff = retry["backoff"].map { duration($0, at: retry.path("backoff")) } ?? .seconds(10)
        guard let attempts, let backoff else { return nil }
        return RetrySpec(attempts: attempts, backoff: backoff)
    }

    private func readForeach(_ node: Node, at path: KeyPath) -> Foreach? {
        if let scalar = node.scalar {
            switch scalar.text {
            case "leaves": return .leaves
            case "changed_leaves": return .changedLeaves
            default:
                nodes.error(
                    "expected leaves, changed_leaves or a list of items, found \"\(scalar.text)\"\(Suggestion.didYouMean(scalar.text, among: ["leaves", "changed_leaves"]))",
                    at: node, path: path)
                return nil
            }
        }
        guard let items = nodes.stringList(node, at: path) else { return nil }
        if Set(items).count != items.count {
            nodes.error("items must be unique", at: node, path: path)
            return nil
        }
        return .items(items)
    }

    func readSecrets(_ node: Node, at path: KeyPath) -> [String]? {
        guard let names = nodes.stringList(node, at: path, acceptingSingle: true) else { return nil }
        var valid = true
        for (index, name) in names.enumerated() {
            let isVariable = name.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
                && name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
            if !isVariable {
                nodes.error(
                    "\"\(name)\" is not an environment variable name", at: node.sequence?[index] ?? node,
                    path: path.appending(index: index))
                valid = false
            }
        }
        return valid ? names : nil
    }

    /// `with:` as JSON values: plain scalars typed by the YAML core schema, quoted ones
    /// kept as strings.
    private func readParams(_ node: Node, at path: KeyPath) -> [String: JSONValue]? {
        guard let mapping = nodes.mapping(node, at: path) else { return nil }
        var params: [String: JSONValue] = [:]
        for key in mapping.keys {
            params[key] = Self.json(mapping[key]!)
        }
        return params
    }

    static func json(_ node: Node) -> JSONValue {
        switch node.kind {
        case .scalar(let scalar):
            if scalar.isNull { return .null }
            if let bool = scalar.bool { return .bool(bool) }
            if let integer = scalar.integer { return .integer(integer) }
            if let number = scalar.number, number.isFinite { return .number(number) }
            return .string(scalar.text)
        case .sequence(let items):
            return .array(items.map(json))
        case .mapping(let entries):
            return .object(
                entries.reduce(into: [:]) { object, entry in object[entry.key.scalar?.text ?? ""] = json(entry.value) })
        }
    }
}
