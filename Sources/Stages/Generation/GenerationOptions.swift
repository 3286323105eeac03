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

    public static let defaultSystemPrompt = Declared.systemPrompt.defaultString

    /// The declaration of these params, shared with the configuration checks.
    private typealias Declared = BuiltinStageParameters.Generate

    public init(
        variantsPerQuestion: Int = BuiltinStageParameters.Generate.variants.defaultInteger,
        testVariantsPerQuestion: Int = BuiltinStageParameters.Generate.testVariants.defaultInteger,
        seed: UInt64 = UInt64(BuiltinStageParameters.Generate.seed.defaultInteger),
        systemPrompt: String = GenerationOptions.defaultSystemPrompt,
        passageCharacters: Int = BuiltinStageParameters.Generate.passageCharacters.defaultInteger
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
        variantsPerQuestion = try reader.integer(Declared.variants)
        testVariantsPerQuestion = try reader.integer(Declared.testVariants)
        seed = UInt64(try reader.integer(Declared.seed))
        systemPrompt = try reader.string(Declared.systemPrompt)
        passageCharacters = try reader.integer(Declared.passageCharacters)
        try reader.rejectUnknown()
    }
}
