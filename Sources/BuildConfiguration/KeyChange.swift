import StageProtocol

/// Why a stage's key differs from the one it had last time, ingredient by ingredient:
/// `params.seed: 42 → 7`, `input generate changed`, `plugin digest changed`.
public enum KeyChange {
    /// One line per changed ingredient, in a stable order; empty when nothing changed.
    public static func explain(from old: CacheKeyIngredients, to new: CacheKeyIngredients) -> [String] {
        var reasons: [String] = []
        if old.format != new.format {
            reasons.append("cache key format changed (\(old.format) → \(new.format))")
        }
        if old.implementation != new.implementation {
            reasons.append(implementationChange(old.implementation, new.implementation))
        }
        reasons += mapChanges(old.params, new.params, prefix: "params.") { "\($0.rendered)" }
        reasons += entryChanges(old.inputs, new.inputs, noun: "input")
        reasons += entryChanges(old.taxonomy, new.taxonomy, noun: "taxonomy")
        if old.baseModel != new.baseModel {
            reasons.append("base model changed")
        }
        let oldDeps = old.dependencies ?? [:], newDeps = new.dependencies ?? [:]
        let changedDeps = Set(oldDeps.keys).union(newDeps.keys).sorted().filter { oldDeps[$0] != newDeps[$0] }
        if !changedDeps.isEmpty {
            reasons.append(
                "deps changed: \(changedDeps.prefix(3).joined(separator: ", "))"
                    + (changedDeps.count > 3 ? " and \(changedDeps.count - 3) more" : ""))
        }
        return reasons
    }

    /// The most entries one reason names; beyond it, `and N more`.
    static let namedEntries = 3

    /// `input generate changed` for each of a few changed entries; for many, one line per
    /// kind of change naming the first few (`inputs changed: generate[a], generate[b],
    /// generate[c] and 117 more`), so a reason stays one short line whatever the fan-in.
    private static func entryChanges(_ old: [String: String], _ new: [String: String], noun: String) -> [String] {
        var added: [String] = [], removed: [String] = [], changed: [String] = []
        for name in Set(old.keys).union(new.keys).sorted() {
            switch (old[name], new[name]) {
            case (nil, _): added.append(name)
            case (_, nil): removed.append(name)
            case (let a, let b) where a != b: changed.append(name)
            default: break
            }
        }
        return [("added", added), ("removed", removed), ("changed", changed)].flatMap { verb, names in
            guard names.count > namedEntries else { return names.map { "\(noun) \($0) \(verb)" } }
            let plural = noun == "input" ? "inputs" : noun
            return [
                "\(names.count) \(plural) \(verb): \(names.prefix(namedEntries).joined(separator: ", ")) and \(names.count - namedEntries) more"
            ]
        }
    }

    private static func implementationChange(_ old: String, _ new: String) -> String {
        let oldKind = old.prefix { $0 != " " }, newKind = new.prefix { $0 != " " }
        let sameName = old.prefix(while: { $0 != "@" }) == new.prefix(while: { $0 != "@" })
        if oldKind == "plugin", newKind == "plugin", sameName {
            return "plugin digest changed"
        }
        let oldCommand = old.components(separatedBy: " @sha256:"), newCommand = new.components(separatedBy: " @sha256:")
        if oldKind == "command", oldCommand.count == 2, newCommand.count == 2, oldCommand[0] == newCommand[0] {
            return "program changed: \(oldCommand[0].dropFirst("command ".count).prefix { $0 != " " })"
        }
        return "implementation changed: \(old) → \(new)"
    }

    private static func mapChanges(
        _ old: [String: JSONValue], _ new: [String: JSONValue], prefix: String,
        render: (JSONValue) -> String
    ) -> [String] {
        Set(old.keys).union(new.keys).sorted().compactMap { name in
            switch (old[name], new[name]) {
            case (nil, let value?): "\(prefix)\(name): (unset) → \(render(value))"
            case (let value?, nil): "\(prefix)\(name): \(render(value)) → (unset)"
            case (let a?, let b?) where a != b: "\(prefix)\(name): \(render(a)) → \(render(b))"
            default: nil
            }
        }
    }
}
