import StageProtocol
import Testing
@testable import BuildConfiguration

/// builds.yaml's `with:` of a built-in stage, checked against the parameters the built-in
/// declares (`BuiltinStageParameters`) before anything runs.
@Suite struct BuiltinParamsTests {
    private func generate(with params: String) -> [String] {
        messages(config(replacing: "with: {variants: 4, seed: 42}", with: "with: \(params)"))
    }

    @Test(arguments: BuiltinStage.allCases)
    func everyDeclaredDefaultPassesItsOwnCheck(builtin: BuiltinStage) throws {
        let declared = try #require(BuiltinStageParameters.parameters(ofBuiltin: builtin.rawValue))
        #expect(Set(declared.map(\.name)).count == declared.count, "a name declared twice")
        for parameter in declared {
            #expect(parameter.problem(with: parameter.defaultValue) == nil, "\(builtin) \(parameter.name)")
        }
    }

    @Test func declaredParamsLoad() {
        #expect(generate(with: "{variants: 2, test_variants: 1, seed: 7, system_prompt: hi, passage_characters: 500}") == [])
        #expect(messages(config(replacing: "{uses: builtin/validate}", with: "{uses: builtin/validate, with: {all: true}}")) == [])
    }

    @Test func unknownNameWithSuggestion() {
        #expect(
            generate(with: "{varients: 4}") == [
                #"builds.yaml:16:12: error: stages.generate.with.varients: unknown parameter "varients" (did you mean "variants"?)"#
            ])
    }

    @Test func unknownNameWithoutSuggestionListsTheParameters() {
        #expect(
            generate(with: "{colour: red}") == [
                #"builds.yaml:16:12: error: stages.generate.with.colour: unknown parameter "colour" (builtin/generate takes: variants, test_variants, seed, system_prompt, passage_characters)"#
            ])
    }

    @Test func wrongType() {
        #expect(
            generate(with: #"{variants: "four"}"#) == [
                #"builds.yaml:16:22: error: stages.generate.with.variants: expected an integer, found a string ("four")"#
            ])
        #expect(
            messages(config(replacing: "{uses: builtin/validate}", with: "{uses: builtin/validate, with: {all: 1}}")) == [
                #"builds.yaml:12:50: error: stages.validate.with.all: expected true or false, found an integer"#
            ])
    }

    @Test func outOfRange() {
        #expect(
            generate(with: "{variants: 5000}") == [
                #"builds.yaml:16:22: error: stages.generate.with.variants: 5000 is out of range 0...1000"#
            ])
    }

    @Test func choiceViolation() {
        let parameter = StageParameter.string("mode", default: "quick", choices: ["quick", "deep"], "how hard to look")
        #expect(parameter.problem(with: .string("deep")) == nil)
        #expect(parameter.problem(with: .string("fast")) == #""fast" is not one of "quick", "deep""#)
    }
}
