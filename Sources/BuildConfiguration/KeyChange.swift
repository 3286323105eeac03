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
        for name in Set(old.inputs.keys).union(new.inputs.keys).sorted() {
            switch (old.inputs[name], new.inputs[name]) {
            case (nil, _): reasons.append("input \(name) added")
            case (_, nil): reasons.append("input \(name) removed")
            case (let a, let b) where a != b: reasons.append("input \(name) changed")
            default: break
            }
        }
        for name in Set(old.taxonomy.keys).union(new.taxonomy.keys).sorted() {
            switch (old.taxonomy[name], new.taxonomy[name]) {
            case (nil, _): reasons.append("taxonomy \(name) added")
            case (_, nil): reasons.append("taxonomy \(name) removed")
            case (let a, let b) where a != b: reasons.append("taxonomy \(name) changed")
            default: break
            }
        }
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
