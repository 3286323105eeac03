import Foundation
import TestSupport
import Testing

/// `modelbuild validate` checks a built-in stage's `with:` against the parameters the
/// built-in declares, before anything runs.
@Suite struct BuiltinParamsCommandTests {
    @Test func validateRejectsMisspelledAndMistypedBuiltinParams() async throws {
        try await withTemporaryDirectory { directory in
            let text = """
                version: 1
                model: {name: lab-model}
                stages:
                  validate: {uses: builtin/validate}
                  generate: {uses: builtin/generate, needs: [validate], with: {varients: 4, variants: "four"}}
                builds:
                  nightly: {}
                """
            try text.write(to: directory.appendingPathComponent("builds.yaml"), atomically: true, encoding: .utf8)
            let result = try await runModelbuild(["validate"], in: directory)
            #expect(result.status == 2)
            #expect(
                result.standardError == """
                    builds.yaml:5:64: error: stages.generate.with.varients: unknown parameter "varients" (did you mean "variants"?)
                    builds.yaml:5:87: error: stages.generate.with.variants: expected an integer, found a string ("four")
                    2 errors

                    """)
        }
    }
}
