import StageProtocol
import Testing
@testable import BuildConfiguration

/// The exact bytes of one cache key: a change here invalidates every store, so it must be
/// deliberate (bump `CacheKeyIngredients.currentFormat`).
@Suite struct CacheKeyGoldenTests {
    let ingredients = CacheKeyIngredients(
        implementation: "builtin/generate@1",
        params: ["variants": .integer(4), "seed": .integer(42), "rate": .number(0.25), "tags": .array([.string("a/b")])],
        inputs: ["validate": "aa11"], taxonomy: ["knowledge/birds": "bb22"], baseModel: "sha256:feed")

    @Test func canonicalEncodingIsPinned() {
        let expected = #"{"baseModel":"sha256:feed","format":1,"implementation":"builtin/generate@1","inputs":{"validate":"aa11"},"params":{"rate":0.25,"seed":42,"tags":["a/b"],"variants":4},"taxonomy":{"knowledge/birds":"bb22"}}"#
        #expect(String(decoding: ingredients.canonicalEncoding(), as: UTF8.self) == expected)
    }

    @Test func keyIsPinned() {
        #expect(ingredients.key == "05da8db58739e48157976758e2815d4524a0e9a9df43d539bf98d9c0fbfe35d8")
    }

    /// Declared project files join the encoding as `deps`; a stage declaring none keeps
    /// the key it had before `deps:` existed.
    @Test func depsEnterTheEncodingOnlyWhenDeclared() {
        var withDeps = ingredients
        withDeps.dependencies = [:]
        #expect(withDeps.key == ingredients.key)
        withDeps.dependencies = ["data/x.txt": "cc33"]
        let encoding = String(decoding: withDeps.canonicalEncoding(), as: UTF8.self)
        #expect(encoding.contains(#""deps":{"data/x.txt":"cc33"}"#))
        #expect(withDeps.key != ingredients.key)
    }
}
