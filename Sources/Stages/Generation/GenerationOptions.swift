import StageProtocol

/// The knobs of `builtin/generate`, from its `with:` params.
public struct GenerationOptions: Sendable, Hashable {
    /// `variants`: training variants made per seed question, besides the seed question itself.
    public var variantsPerQuestion: Int
    /// `test_variants`: held-out variants made per seed question.
    public var testVariantsPerQuestion: Int
    /// `seed`: the generator seed; the same seed and inputs give byte-identical output.
    public var seed: UInt64
    /// `system_prompt`: the system turn of every record.
    public var systemPrompt: String
    /// `passage_characters`: the size a knowledge document is cut into pretraining passages at.
    public var passageCharacters: Int

    public static let defaultSystemPrompt =
        "You are a helpful assistant. Answer the question accurately and concisely."

    public init(
        variantsPerQuestion: Int = 4, testVariantsPerQuestion: Int = 1, seed: UInt64 = 42,
        systemPrompt: String = GenerationOptions.defaultSystemPrompt, passageCharacters: Int = 1_500
    ) {
        self.variantsPerQuestion = variantsPerQuestion
        self.testVariantsPerQuestion = testVariantsPerQuestion
        self.seed = seed
        self.systemPrompt = systemPrompt
        self.passageCharacters = passageCharacters
    }

    /// Reads `variants`, `test_variants`, `seed`, `system_prompt` and `passage_characters`
    /// from a stage's params; absent ones keep their defaults, unknown ones are errors.
    public init(params: [String: JSONValue]) throws(ParameterError) {
        self.init()
        var reader = ParameterReader(params: params, stage: "builtin/generate")
        variantsPerQuestion = try reader.integer("variants", default: variantsPerQuestion, in: 0...1_000)
        testVariantsPerQuestion = try reader.integer("test_variants", default: testVariantsPerQuestion, in: 0...1_000)
        seed = UInt64(try reader.integer("seed", default: Int(seed), in: 0...Int.max))
        systemPrompt = try reader.string("system_prompt", default: systemPrompt)
        passageCharacters = try reader.integer("passage_characters", default: passageCharacters, in: 100...1_000_000)
        try reader.rejectUnknown()
    }
}
