import YAML

/// The checks that look across sections once each has been read: stage references,
/// cycles, resources against capacity, build kinds, gate metrics.
struct ConfigChecks {
    let nodes: NodeReader
    let root: Node
    /// Each stage's node by name, so locating a message costs the same for the
    /// thousandth stage as for the first.
    private let stageNodes: [String: Node]

    init(nodes: NodeReader, root: Node) {
        self.nodes = nodes
        self.root = root
        var stageNodes: [String: Node] = [:]
        for entry in root["stages"]?.mapping ?? [] {
            if let name = entry.key.scalar?.text, stageNodes[name] == nil { stageNodes[name] = entry.value }
        }
        self.stageNodes = stageNodes
    }

    func check(_ sections: ConfigReader.Sections) {
        let stages = sections.stages.read
        if !stages.isEmpty {
            checkNeeds(stages, declared: sections.stages.declared)
            checkCycles(stages)
            if let executor = sections.executor { checkResources(stages, executor) }
            if let builds = sections.builds { checkOnly(stages, builds) }
            if case .some(.none) = sections.taxonomy { checkForeachHasTaxonomy(stages) }
        }
        if let builds = sections.builds {
            checkGates(builds, declared: sections.stages.declared)
            if case .some(.none) = sections.taxonomy { checkTriggersHaveTaxonomy(builds) }
        }
    }

    private func checkTriggersHaveTaxonomy(_ builds: [BuildSpec]) {
        for build in builds where build.trigger != nil {
            let path = KeyPath().appending("builds").appending(build.name).appending("trigger").appending("on_merge")
            nodes.error(
                "builds when the taxonomy branch advances, but there is no taxonomy: section", at: node(path), path: path)
        }
        for build in builds where build.pullRequestTrigger != nil {
            let path = KeyPath().appending("builds").appending(build.name).appending("trigger").appending("on_pull_request")
            nodes.error(
                "builds the taxonomy's pull requests, but there is no taxonomy: section", at: node(path), path: path)
        }
    }

    private func stagePath(_ name: String) -> KeyPath {
        KeyPath().appending("stages").appending(name)
    }

    /// The node at `path`, or the nearest one above it that exists.
    func located(_ path: KeyPath) -> Node { node(path) }

    private func node(_ path: KeyPath) -> Node {
        var node = root
        var components = path.components[...]
        if components.count >= 2, components.first == .key("stages"), case .key(let name) = components.dropFirst().first,
            let stage = stageNodes[name]
        {
            node = stage
            components = components.dropFirst(2)
        }
        for component in components {
            let next: Node?
            switch component {
            case .key(let key): next = node[key]
            case .index(let index): next = node.sequence.flatMap { index < $0.count ? $0[index] : nil }
            }
            guard let next else { break }
            node = next
        }
        return node
    }

    /// The node of the `index`th item of a list that may also have been written as a
    /// single string.
    private func item(_ path: KeyPath, _ index: Int) -> (Node, KeyPath) {
        let list = node(path)
        if list.sequence != nil { return (node(path.appending(index: index)), path) }
        return (list, path)
    }

    private func checkNeeds(_ stages: [StageSpec], declared: [String]) {
        let names = Set(declared)
        for stage in stages {
            var seen = Set<String>()
            for (index, need) in stage.needs.enumerated() {
                let (at, path) = item(stagePath(stage.name).appending("needs"), index)
                if need == stage.name {
                    nodes.error("stage \"\(need)\" cannot need itself", at: at, path: path)
                } else if !names.contains(need) {
                    nodes.error(
                        "unknown stage \"\(need)\"\(Suggestion.didYouMean(need, among: declared))", at: at, path: path)
                } else if !seen.insert(need).inserted {
                    nodes.error("\"\(need)\" is listed twice", at: at, path: path)
                }
            }
        }
    }

    private func checkCycles(_ stages: [StageSpec]) {
        let graph = StageGraph(stages.map { stage in
            var copy = stage
            copy.needs.removeAll { $0 == stage.name }
            return copy
        })
        guard let cycle = graph.cycle() else { return }
        let first = cycle[0]
        let path = stagePath(first).appending("needs")
        nodes.error("dependency cycle: \(cycle.joined(separator: " → "))", at: node(path), path: path)
    }

    private func checkResources(_ stages: [StageSpec], _ executor: ExecutorSpec) {
        for stage in stages {
            for (resource, amount) in stage.resources.sorted(by: { $0.key < $1.key }) where amount > 0 {
                let path = stagePath(stage.name).appending("resources").appending(resource)
                if let capacity = executor.capacity[resource] {
                    if amount > capacity {
                        nodes.error(
                            "asks for \(amount) \(resource) but executor.capacity.\(resource) is \(capacity); it could never run",
                            at: node(path), path: path)
                    }
                } else if executor.kind == .local {
                    let known = executor.capacity.keys.sorted()
                    nodes.error(
                        "asks for \(resource), which executor.capacity does not declare\(Suggestion.didYouMean(resource, among: known)); it could never run",
                        at: node(path), path: path)
                }
            }
        }
    }

    private func checkOnly(_ stages: [StageSpec], _ builds: [BuildSpec]) {
        // A candidate build runs its base build's stages: `only:` never names it.
        let builds = builds.filter { $0.kind != .candidate }
        let kinds = BuildSpec.Kind.allCases.filter { $0 != .candidate }.map(\.rawValue)
        let known = Array(Set(builds.map(\.name) + kinds)).sorted()
        for stage in stages {
            for (index, name) in stage.only.enumerated() where !known.contains(name) {
                let (at, path) = item(stagePath(stage.name).appending("only"), index)
                nodes.error(
                    "unknown build \"\(name)\"\(Suggestion.didYouMean(name, among: known)) (builds and kinds: \(known.joined(separator: ", ")))",
                    at: at, path: path)
            }
        }
        let byName = Dictionary(stages.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for build in builds {
            for stage in stages where stage.runs(in: build) {
                for (index, need) in stage.needs.enumerated() {
                    guard let needed = byName[need], !needed.runs(in: build) else { continue }
                    let (at, path) = item(stagePath(stage.name).appending("needs"), index)
                    nodes.error(
                        "\"\(need)\" does not run in build \"\(build.name)\" (its only: \(needed.only.joined(separator: ", "))), but \"\(stage.name)\" does and needs it",
                        at: at, path: path)
                }
            }
        }
    }

    private func checkForeachHasTaxonomy(_ stages: [StageSpec]) {
        for stage in stages {
            switch stage.foreach {
            case .leaves, .changedLeaves:
                let path = stagePath(stage.name).appending("foreach")
                nodes.error("runs once per taxonomy leaf, but there is no taxonomy: section", at: node(path), path: path)
            default:
                break
            }
        }
    }

    private func checkGates(_ builds: [BuildSpec], declared names: [String]) {
        for build in builds {
            for (index, gate) in build.gates.enumerated() {
                let (metric, key) =
                    switch gate {
                    case .threshold(let metric, _, _): (metric, "metric")
                    case .noRegression(let metric): (metric, "no_regression")
                    }
                let stage = String(metric.prefix { $0 != "." })
                guard !names.contains(stage) else { continue }
                let path = KeyPath().appending("builds").appending(build.name).appending("gates")
                    .appending(index: index).appending(key)
                nodes.error(
                    "unknown stage \"\(stage)\" in metric \"\(metric)\"\(Suggestion.didYouMean(stage, among: names))",
                    at: node(path), path: path)
            }
        }
    }
}
