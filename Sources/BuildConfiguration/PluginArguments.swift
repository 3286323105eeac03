import StageProtocol
import YAML

/// The parameters `modelbuild plugins run NAME --with name=value` gives a plugin, read and
/// checked as builds.yaml's `with:` would be: each value typed by the YAML core schema
/// (`3` an integer, `true` a boolean, `[a, b]` a list), except that a string parameter
/// takes the text as written; then unknown names, wrong types, values outside `choices`
/// and missing required parameters, with the defaults filled in.
public enum PluginArguments {
    /// The params for context.json, or every problem found (each naming its `--with`).
    public static func resolve(
        _ arguments: [String], for manifest: PluginManifest
    ) -> Result<[String: JSONValue], PluginArgumentProblems> {
        var problems: [String] = []
        var given: [String: JSONValue] = [:]
        let known = manifest.params.map(\.name)
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
                problems.append("--with \(argument): expected NAME=VALUE")
                continue
            }
            let name = String(argument[..<equals])
            let text = String(argument[argument.index(after: equals)...])
            guard let parameter = manifest.parameter(named: name) else {
                let accepted = known.isEmpty ? "it takes none" : "it takes: \(known.joined(separator: ", "))"
                problems.append(
                    "--with \(argument): unknown parameter \"\(name)\" of plugin \(manifest.name)"
                        + "\(Suggestion.didYouMean(name, among: known)) (\(accepted))")
                continue
            }
            let value = parameter.type == .string ? .string(text) : typed(text)
            if let problem = PluginParameterCheck.problem(with: value, for: parameter, plugin: manifest.name) {
                problems.append("--with \(argument): \(problem)")
                continue
            }
            given[name] = value
        }
        for parameter in manifest.params where given[parameter.name] == nil {
            if parameter.required {
                problems.append(
                    "missing required parameter \"\(parameter.name)\" of plugin \(manifest.name) (give it with --with \(parameter.name)=VALUE)")
            } else if let value = parameter.defaultValue {
                given[parameter.name] = value
            }
        }
        return problems.isEmpty ? .success(given) : .failure(PluginArgumentProblems(messages: problems))
    }

    /// `text` as a YAML value would be read in builds.yaml; text that is not YAML stays text.
    private static func typed(_ text: String) -> JSONValue {
        guard let node = try? YAMLParser.parse(text, file: "--with") else { return .string(text) }
        return ConfigReader.json(node)
    }
}

/// Why `plugins run`'s `--with` arguments were refused: one message per problem.
public struct PluginArgumentProblems: Error, Sendable, Hashable {
    public var messages: [String]
}
