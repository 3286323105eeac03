import StageProtocol
import Testing
@testable import BuildConfiguration

@Suite struct CacheKeyTests {
    let base = CacheKeyIngredients(
        implementation: "builtin/generate@1", params: ["seed": .integer(42), "variants": .integer(4)],
        inputs: ["validate": "aa"], taxonomy: ["knowledge/birds": "b1"], baseModel: "sha256:00")

    @Test func keyIsStableAndHex() {
        #expect(base.key == base.key)
        #expect(base.key.count == 64)
        #expect(base.key.allSatisfy { $0.isHexDigit })
        let reordered = CacheKeyIngredients(
            implementation: "builtin/generate@1", params: ["variants": .integer(4), "seed": .integer(42)],
            inputs: ["validate": "aa"], taxonomy: ["knowledge/birds": "b1"], baseModel: "sha256:00")
        #expect(reordered.key == base.key)
    }

    @Test(arguments: [
        ("params", ["params.seed: 42 → 7"]),
        ("input", ["input validate changed"]),
        ("taxonomy", ["taxonomy knowledge/birds changed"]),
        ("base", ["base model changed"]),
        ("plugin", ["plugin digest changed"]),
        ("builtin", ["implementation changed: builtin/generate@1 → builtin/generate@2"]),
        ("added", ["params.extra: (unset) → \"x\""]),
    ])
    func everyIngredientChangesTheKeyAndIsExplained(ingredient: String, reasons: [String]) {
        var old = base, new = base
        switch ingredient {
        case "params": new.params["seed"] = .integer(7)
        case "input": new.inputs["validate"] = "bb"
        case "taxonomy": new.taxonomy["knowledge/birds"] = "b2"
        case "base": new.baseModel = "sha256:11"
        case "plugin":
            old.implementation = "plugin safety-scan@sha256:1"
            new.implementation = "plugin safety-scan@sha256:2"
        case "builtin": new.implementation = "builtin/generate@2"
        default: new.params["extra"] = .string("x")
        }
        #expect(old.key != new.key)
        #expect(KeyChange.explain(from: old, to: new) == reasons)
    }

    /// An 11,000-character reason was seen for 120 changed inputs: many are summarised.
    @Test func manyChangedInputsAreOneShortReason() {
        var old = base, new = base
        for number in 0..<120 {
            old.inputs["generate[compositional_skills/writing/poetry/leaf_\(number)]"] = "a"
            new.inputs["generate[compositional_skills/writing/poetry/leaf_\(number)]"] = "b"
        }
        new.inputs["generate[knowledge/new]"] = "c"
        let reasons = KeyChange.explain(from: old, to: new)
        #expect(reasons.count == 2)
        #expect(reasons[0] == "input generate[knowledge/new] added")
        #expect(reasons[1].hasPrefix("120 inputs changed: generate[compositional_skills/writing/poetry/leaf_0], "))
        #expect(reasons[1].hasSuffix(" and 117 more"))
        #expect(reasons.joined(separator: "; ").count < 250)
    }

    @Test func unchangedIngredientsExplainNothing() {
        #expect(KeyChange.explain(from: base, to: base).isEmpty)
    }
}
