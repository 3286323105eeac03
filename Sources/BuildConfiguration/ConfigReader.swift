import YAML

/// Turns the builds.yaml node tree into a `BuildConfig`, one section at a time, recording
/// every problem in `nodes`. Returns nil pieces where a value was wrong, and goes on.
struct ConfigReader {
    static let topLevelKeys = [
        "version", "model", "taxonomy", "executor", "stages", "builds", "report", "candidates", "publish",
    ]
    static let namePattern = "[a-z][a-z0-9_-]*"

    let plugins: PluginCatalog
    let defaultWorkers: Int
    let nodes = NodeReader()

    /// The sections that read without errors, so later checks can run on what is there.
    struct Sections {
        var version: Int?
        var model: ModelSpec?
        var taxonomy: TaxonomySpec??
        var executor: ExecutorSpec?
        var stages = ConfigReader.Stages()
        var builds: [BuildSpec]?
        var report: ReportSpec? = ReportSpec()
        var candidates: CandidatePolicy? = .standard
        var registries: [PublishRegistrySpec]? = []

        var config: BuildConfig? {
            guard let version, let model, let taxonomy, let executor, stages.complete, let builds, let report,
                let candidates, let registries
            else {
                return nil
            }
            var config = BuildConfig(
                version: version, model: model, taxonomy: taxonomy, executor: executor, stages: stages.read,
                builds: builds, report: report)
            config.candidates = candidates
            config.registries = registries
            return config
        }
    }

    func readSections(_ root: Node) -> Sections {
        var sections = Sections()
        guard
            let top = nodes.mapping(
                root, at: KeyPath(), allowed: Self.topLevelKeys,
                required: ["version", "model", "stages", "builds"])
        else { return sections }
        sections.version = top["version"].flatMap { readVersion($0, at: top.path("version")) }
        sections.model = top["model"].flatMap { readModel($0, at: top.path("model")) }
        if let node = top["taxonomy"] {
            sections.taxonomy = readTaxonomy(node, at: top.path("taxonomy")).map { .some($0) }
        } else {
            sections.taxonomy = .some(nil)
        }
        sections.executor = top["executor"].map { readExecutor($0, at: top.path("executor")) }
            ?? ExecutorSpec(kind: .local, workers: defaultWorkers)
        if let node = top["stages"] { sections.stages = readStages(node, at: top.path("stages")) }
        sections.builds = top["builds"].flatMap { readBuilds($0, at: top.path("builds")) }
        if let node = top["report"] {
            sections.report = readReport(node, at: top.path("report"), stages: sections.stages.declared)
        }
        if let node = top["candidates"] { sections.candidates = readCandidates(node, at: top.path("candidates")) }
        if let node = top["publish"] { sections.registries = readPublish(node, at: top.path("publish")) }
        return sections
    }

    private func readVersion(_ node: Node, at path: KeyPath) -> Int? {
        guard let version = nodes.integer(node, at: path) else { return nil }
        guard version == BuildConfig.supportedVersion else {
            nodes.error(
                "unsupported version \(version); this modelbuild reads version \(BuildConfig.supportedVersion)",
                at: node, path: path)
            return nil
        }
        return version
    }

    private func readModel(_ node: Node, at path: KeyPath) -> ModelSpec? {
        guard let model = nodes.mapping(node, at: path, allowed: ["name", "base"], required: ["name"]) else {
            return nil
        }
        let modelName = model["name"].flatMap {
            name($0, at: model.path("name"), pattern: "[a-z0-9][a-z0-9._-]*", firstAllowed: \.isLowercaseOrDigit)
        }
        let base: BaseModel? = model["base"].map { readBase($0, at: model.path("base")) } ?? .previous
        guard let modelName, let base else { return nil }
        return ModelSpec(name: modelName, base: base)
    }

    private func readBase(_ node: Node, at path: KeyPath) -> BaseModel? {
        if let scalar = node.scalar, scalar.text == "previous" { return .previous }
        guard node.mapping != nil else {
            nodes.error("expected \"previous\" or a mapping with name, uri and sha256, found \(node.kindDescription)", at: node, path: path)
            return nil
        }
        guard let base = nodes.mapping(node, at: path, allowed: ["name", "uri", "sha256"], required: ["name"]) else {
            return nil
        }
        let name = base["name"].flatMap { nodes.nonEmptyString($0, at: base.path("name")) }
        let uri = base["uri"].flatMap { nodes.nonEmptyString($0, at: base.path("uri")) }
        var sha256: String?
        if let node = base["sha256"], let text = nodes.string(node, at: base.path("sha256")) {
            if text.count == 64, text.allSatisfy(\.isHexDigit) {
                sha256 = text.lowercased()
            } else {
                nodes.error("expected 64 hexadecimal digits, found \"\(text)\"", at: node, path: base.path("sha256"))
            }
        }
        guard let name else { return nil }
        return .pinned(name: name, uri: uri, sha256: sha256)
    }

    private func readTaxonomy(_ node: Node, at path: KeyPath) -> TaxonomySpec? {
        guard
            let taxonomy = nodes.mapping(
                node, at: path, allowed: ["url", "branch", "folders", "credentials", "on_invalid", "exclude", "mode", "documents", "pull_requests"],
                required: ["url"])
        else { return nil }
        let url = taxonomy["url"].flatMap { nodes.nonEmptyString($0, at: taxonomy.path("url")) }
        let branch = taxonomy["branch"].map { nodes.nonEmptyString($0, at: taxonomy.path("branch")) }
            ?? TaxonomySpec.defaultBranch
        var folders: [String]? = TaxonomySpec.defaultFolders
        if let node = taxonomy["folders"] {
            folders = nodes.stringList(node, at: taxonomy.path("folders"))
            if let list = folders, list.isEmpty {
                nodes.error("must name at least one folder", at: node, path: taxonomy.path("folders"))
                folders = nil
            }
            for (index, folder) in (folders ?? []).enumerated()
            where folder.isEmpty || folder.contains("/") || folder.hasPrefix(".") {
                nodes.error(
                    "\"\(folder)\" is not a top-level folder name",
                    at: node.sequence?[index] ?? node, path: taxonomy.path("folders").appending(index: index))
                folders = nil
            }
        }
        let credentials = taxonomy["credentials"].map { readCredentials($0, at: taxonomy.path("credentials")) }
        let onInvalid = taxonomy["on_invalid"].map { oneOf(InvalidLeafPolicy.self, $0, at: taxonomy.path("on_invalid")) }
        let exclude = taxonomy["exclude"].map { nodes.stringList($0, at: taxonomy.path("exclude")) } ?? []
        let mode = taxonomy["mode"].map { oneOf(ValidationMode.self, $0, at: taxonomy.path("mode")) } ?? .ilab
        let documents = taxonomy["documents"].map { readDocumentSources($0, at: taxonomy.path("documents")) }
        let pullRequests = taxonomy["pull_requests"].map { readPullRequests($0, at: taxonomy.path("pull_requests")) }
        guard let url, let branch, let folders, let exclude, let mode else { return nil }
        if let credentials, credentials == nil { return nil }
        if let onInvalid, onInvalid == nil { return nil }
        if let documents, documents == nil { return nil }
        if let pullRequests, pullRequests == nil { return nil }
        var spec = TaxonomySpec(
            url: url, branch: branch, folders: folders, credentials: credentials ?? nil, onInvalid: onInvalid ?? nil,
            exclude: exclude, mode: mode, documents: documents ?? nil)
        spec.pullRequests = (pullRequests ?? nil) ?? TaxonomySpec.defaultPullRequests
        return spec
    }

    private func readDocumentSources(_ node: Node, at path: KeyPath) -> DocumentSourcesSpec? {
        guard let documents = nodes.mapping(node, at: path, allowed: ["mirror", "rewrite", "credentials"]) else {
            return nil
        }
        var credentials: [String: CredentialsSpec]? = [:]
        if let node = documents["credentials"] {
            for entry in node.mapping ?? [] {
                guard let host = nodes.nonEmptyString(entry.key, at: documents.path("credentials")) else {
                    credentials = nil
                    continue
                }
                let spec = readCredentials(entry.value, at: documents.path("credentials").appending(host))
                if let spec { credentials?[host.lowercased()] = spec } else { credentials = nil }
            }
            if node.mapping == nil {
                nodes.error("expected a mapping of hosts to credentials, found \(node.kindDescription)", at: node, path: documents.path("credentials"))
                credentials = nil
            }
        }
        let mirror = documents["mirror"].map { nodes.nonEmptyString($0, at: documents.path("mirror")) }
        var rewrites: [String: String]? = [:]
        if let node = documents["rewrite"] {
            if let entries = node.mapping {
                for entry in entries {
                    let from = nodes.nonEmptyString(entry.key, at: documents.path("rewrite"))
                    let to = from.flatMap { nodes.nonEmptyString(entry.value, at: documents.path("rewrite").appending($0)) }
                    if let from, let to { rewrites?[from] = to } else { rewrites = nil }
                }
            } else {
                nodes.error(
                    "expected a mapping of URL prefixes to their replacements, found \(node.kindDescription)", at: node,
                    path: documents.path("rewrite"))
                rewrites = nil
            }
        }
        guard let rewrites, let credentials else { return nil }
        if let mirror, mirror == nil { return nil }
        return DocumentSourcesSpec(mirror: mirror ?? nil, rewrites: rewrites, credentials: credentials)
    }

    private func readCredentials(_ node: Node, at path: KeyPath) -> CredentialsSpec? {
        guard let credentials = nodes.mapping(node, at: path, allowed: ["username", "password_env"], required: ["password_env"])
        else { return nil }
        let username = credentials["username"].map { nodes.nonEmptyString($0, at: credentials.path("username")) }
        let variable = credentials["password_env"].flatMap { readSecrets($0, at: credentials.path("password_env"))?.first }
        guard let variable else { return nil }
        if let username, username == nil { return nil }
        return CredentialsSpec(username: username ?? nil, passwordVariable: variable)
    }

    private func readExecutor(_ node: Node, at path: KeyPath) -> ExecutorSpec? {
        guard
            let executor = nodes.mapping(
                node, at: path, allowed: ["kind", "workers", "capacity", "grace", "slurm", "user"])
        else { return nil }
        let kind = executor["kind"].map { oneOf(ExecutorSpec.Kind.self, $0, at: executor.path("kind")) } ?? .local
        let workers = executor["workers"].map { nodes.integer($0, at: executor.path("workers"), in: 1...4096) }
            ?? defaultWorkers
        let capacity = executor["capacity"].map { counts($0, at: executor.path("capacity"), minimum: 0) } ?? [:]
        let grace = executor["grace"].map { gracePeriod($0, at: executor.path("grace")) }
        let slurm = executor["slurm"].map { readSlurm($0, at: executor.path("slurm")) }
        let user = executor["user"].map { nodes.nonEmptyString($0, at: executor.path("user")) }
        guard let kind, let workers, let capacity else { return nil }
        if let grace, grace == nil { return nil }
        if let slurm, slurm == nil { return nil }
        if let user, user == nil { return nil }
        if user != nil, kind == .slurm, let node = executor["user"] {
            nodes.error(
                "executor.user applies to the local executor; Slurm runs a job as the user who submits it",
                at: node, path: executor.path("user"))
            return nil
        }
        return ExecutorSpec(
            kind: kind, workers: workers, capacity: capacity, grace: grace ?? nil, slurm: slurm ?? nil,
            user: user ?? nil)
    }

    private func readSlurm(_ node: Node, at path: KeyPath) -> SlurmSpec? {
        guard let slurm = nodes.mapping(node, at: path, allowed: ["partition", "account", "qos", "extra_args"])
        else { return nil }
        return SlurmSpec(
            partition: slurm["partition"].flatMap { nodes.nonEmptyString($0, at: slurm.path("partition")) },
            account: slurm["account"].flatMap { nodes.nonEmptyString($0, at: slurm.path("account")) },
            qos: slurm["qos"].flatMap { nodes.nonEmptyString($0, at: slurm.path("qos")) },
            extraArgs: slurm["extra_args"].flatMap { nodes.stringList($0, at: slurm.path("extra_args")) } ?? [])
    }

    // MARK: Shared readers

    /// A name matching `[a-z][a-z0-9_-]*` (or the given first-character rule).
    func name(
        _ node: Node, at path: KeyPath, pattern: String = ConfigReader.namePattern,
        firstAllowed: (Character) -> Bool = \.isLowercaseLetter
    ) -> String? {
        guard let text = nodes.string(node, at: path) else { return nil }
        guard isName(text, firstAllowed: firstAllowed) else {
            nodes.error("\"\(text)\" is not a valid name (expected \(pattern))", at: node, path: path)
            return nil
        }
        return text
    }

    func isName(_ text: String, firstAllowed: (Character) -> Bool = \.isLowercaseLetter) -> Bool {
        guard let first = text.first, firstAllowed(first), text.count <= 128 else { return false }
        return text.allSatisfy { $0.isLowercaseOrDigit || "._-".contains($0) }
    }

    /// One of an enumeration's raw values, listing them when the value is not one.
    func oneOf<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ node: Node, at path: KeyPath) -> T?
    where T.RawValue == String {
        guard let text = nodes.string(node, at: path) else { return nil }
        guard let value = T(rawValue: text) else {
            let known = T.allCases.map(\.rawValue)
            nodes.error(
                "unknown value \"\(text)\" (expected one of: \(known.joined(separator: ", ")))\(Suggestion.didYouMean(text, among: known))",
                at: node, path: path)
            return nil
        }
        return value
    }

    /// A mapping of names to whole numbers (`capacity:`, `resources:`).
    func counts(_ node: Node, at path: KeyPath, minimum: Int) -> [String: Int]? {
        guard let mapping = nodes.mapping(node, at: path) else { return nil }
        var result: [String: Int] = [:]
        var valid = true
        for key in mapping.keys {
            guard let value = nodes.integer(mapping[key]!, at: mapping.path(key), in: minimum...Int.max) else {
                valid = false
                continue
            }
            result[key] = value
        }
        return valid ? result : nil
    }

    /// A duration such as `30s`, `6h` or `1h30m`.
    func duration(_ node: Node, at path: KeyPath) -> Duration? {
        guard let text = nodes.string(node, at: path) else { return nil }
        guard let duration = DurationText.parse(text) else {
            nodes.error(
                "\"\(text)\" is not a duration (write it like 30s, 6h, 1h30m or 500ms)", at: node, path: path)
            return nil
        }
        return duration
    }

    /// A grace period: a duration of zero (SIGKILL right after SIGTERM) or more.
    func gracePeriod(_ node: Node, at path: KeyPath) -> Duration? {
        if let text = node.scalar?.text, text.hasPrefix("-"), DurationText.parse(String(text.dropFirst())) != nil {
            nodes.error(
                "\"\(text)\" is negative (write 0s to send SIGKILL right after SIGTERM)", at: node, path: path)
            return nil
        }
        return duration(node, at: path)
    }
}

extension Character {
    var isLowercaseLetter: Bool { isASCII && isLowercase }
    var isLowercaseOrDigit: Bool { isASCII && (isLowercase || isNumber) }
}
