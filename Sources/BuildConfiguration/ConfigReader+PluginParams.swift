import StageProtocol
import YAML

extension ConfigReader {
    /// `with:` of a stage that uses `manifest`'s plugin, checked against its `params:`:
    /// unknown names (with a did-you-mean), wrong types, values outside `choices`, missing
    /// required parameters. Returns the params with defaults applied (what goes into
    /// context.json and the cache key), or nil after recording why.
    func checkPluginParams(
        _ given: [String: JSONValue], manifest: PluginManifest, withNode: Node?, stageNode: Node, at path: KeyPath
    ) -> [String: JSONValue]? {
        let withPath = path.appending("with")
        let entries = withNode.flatMap { nodes.mapping($0, at: withPath) }
        let known = manifest.params.map(\.name)
        var valid = true
        for name in given.keys.sorted() {
            let keyNode = entries?.keyNode(name) ?? withNode ?? stageNode
            let valueNode = entries?[name] ?? keyNode
            guard let parameter = manifest.parameter(named: name) else {
                let accepted = known.isEmpty ? "it takes none" : "it takes: \(known.joined(separator: ", "))"
                nodes.error(
                    "unknown parameter \"\(name)\" of plugin \(manifest.name)\(Suggestion.didYouMean(name, among: known)) (\(accepted))",
                    at: keyNode, path: withPath)
                valid = false
                continue
            }
            valid = check(given[name]!, node: valueNode, against: parameter, plugin: manifest.name, at: withPath.appending(name)) && valid
        }
        var resolved = given
        for parameter in manifest.params where given[parameter.name] == nil {
            if parameter.required {
                nodes.error(
                    "missing required parameter \"\(parameter.name)\" of plugin \(manifest.name)"
                        + (parameter.description.isEmpty ? "" : " (\(parameter.description))"),
                    at: withNode ?? stageNode, path: withNode == nil ? path : withPath)
                valid = false
            } else if let value = parameter.defaultValue {
                resolved[parameter.name] = value
            }
        }
        return valid ? resolved : nil
    }

    private func check(
        _ value: JSONValue, node: Node, against parameter: PluginParameter, plugin: String, at path: KeyPath
    ) -> Bool {
        guard
            var message = PluginParameterCheck.problem(
                with: value, for: parameter, plugin: plugin, found: node.kindDescription)
        else { return true }
        if !parameter.type.accepts(value), parameter.type == .string, let scalar = node.scalar, !scalar.isNull {
            message += " (quote it to pass it as text: \"\(scalar.text)\")"
        }
        nodes.error(message, at: node, path: path)
        return false
    }
}

/// Checking a value against a plugin parameter, for builds.yaml's `with:` and for
/// `plugins run --with`.
enum PluginParameterCheck {
    /// Why `value` cannot be `parameter` of `plugin`, or nil when it can: the wrong type
    /// (`expected an integer (plugin p's n), found a string ("x")`), or not one of its
    /// `choices` (with a did-you-mean for text). `found` describes the value as written,
    /// when the caller knows better than the value's type (a YAML node's kind).
    static func problem(
        with value: JSONValue, for parameter: PluginParameter, plugin: String, found: String? = nil
    ) -> String? {
        guard parameter.type.accepts(value) else {
            return "expected \(parameter.type.expectation) (plugin \(plugin)'s \(parameter.name)), found \(found ?? value.kindDescription)"
        }
        guard parameter.choices.isEmpty || parameter.choices.contains(where: { same($0, value) }) else {
            var suggestion = ""
            if case .string(let text) = value {
                let names = parameter.choices.compactMap { if case .string(let name) = $0 { name } else { nil } }
                suggestion = Suggestion.didYouMean(text, among: names)
            }
            return "\(value.rendered) is not one of \(parameter.choices.map(\.rendered).joined(separator: ", "))\(suggestion)"
        }
        return nil
    }

    /// Equal values, with `3` and `3.0` the same number.
    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.integer(let x), .number(let y)), (.number(let y), .integer(let x)): Double(x) == y
        default: a == b
        }
    }
}
