import StageProtocol
import YAML

extension ConfigReader {
    /// `with:` of a stage that uses `builtin`, checked against the built-in's declared
    /// parameters (`BuiltinStageParameters`, the declaration the stage itself reads):
    /// unknown names (with a did-you-mean), wrong types, values outside a range or the
    /// choices. Returns the params unchanged — the stage applies its own defaults, so cache
    /// keys stay what they were — or nil after recording why.
    func checkBuiltinParams(
        _ given: [String: JSONValue], builtin: BuiltinStage, withNode: Node?, stageNode: Node, at path: KeyPath
    ) -> [String: JSONValue]? {
        guard let declared = BuiltinStageParameters.parameters(ofBuiltin: builtin.rawValue) else { return given }
        let withPath = path.appending("with")
        let entries = withNode.flatMap { nodes.mapping($0, at: withPath) }
        let known = declared.map(\.name)
        var valid = true
        for name in given.keys.sorted() {
            let keyNode = entries?.keyNode(name) ?? withNode ?? stageNode
            let valueNode = entries?[name] ?? keyNode
            guard let parameter = declared.first(where: { $0.name == name }), let value = given[name] else {
                let suggestion = Suggestion.didYouMean(name, among: known)
                let accepted = known.isEmpty ? "it takes none" : "builtin/\(builtin.rawValue) takes: \(known.joined(separator: ", "))"
                nodes.error(
                    "unknown parameter \"\(name)\"" + (suggestion.isEmpty ? " (\(accepted))" : suggestion),
                    at: keyNode, path: withPath.appending(name))
                valid = false
                continue
            }
            if let problem = parameter.problem(with: value) {
                nodes.error(problem, at: valueNode, path: withPath.appending(name))
                valid = false
            }
        }
        return valid ? given : nil
    }
}
