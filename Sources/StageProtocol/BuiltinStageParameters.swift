/// The parameters of each built-in stage, the one declaration both the configuration
/// checks (`modelbuild validate`) and the stages themselves (for their defaults and ranges)
/// read, as a plugin's `plugin.yaml` declares its own.
public enum BuiltinStageParameters {
    /// `builtin/validate`.
    public enum Validate {
        /// `all`.
        public static let all = StageParameter.boolean(
            "all", default: false, "check every leaf of the taxonomy, not only the changed ones")
        /// `mode`.
        public static let mode = StageParameter.string(
            "mode", default: "ilab", choices: ["ilab", "ci"],
            "whose verdict to reproduce: ilab (yamllint warnings are errors) or ci (the taxonomy repository's CI); "
                + "builds.yaml's taxonomy.mode when not given")
        /// Every parameter, in the order the documentation lists them.
        public static let parameters = [all, mode]
    }

    /// `builtin/generate`.
    public enum Generate {
        /// `variants`.
        public static let variants = StageParameter.integer(
            "variants", default: 4, in: 0...1_000, "training variants made per seed question, besides the question itself")
        /// `test_variants`.
        public static let testVariants = StageParameter.integer(
            "test_variants", default: 1, in: 0...1_000, "held-out variants made per seed question")
        /// `seed`.
        public static let seed = StageParameter.integer(
            "seed", default: 42, in: 0...Int.max, "the generator seed; the same seed and inputs give the same bytes")
        /// `system_prompt`.
        public static let systemPrompt = StageParameter.string(
            "system_prompt", default: "You are a helpful assistant. Answer the question accurately and concisely.",
            "the system turn of every record")
        /// `passage_characters`.
        public static let passageCharacters = StageParameter.integer(
            "passage_characters", default: 1_500, in: 100...1_000_000,
            "the size a knowledge document is cut into pretraining passages at")
        /// Every parameter, in the order the documentation lists them.
        public static let parameters = [variants, testVariants, seed, systemPrompt, passageCharacters]
    }

    /// `builtin/train`.
    public enum Train {
        /// `k1`.
        public static let k1 = StageParameter.number("k1", default: 1.2, in: 0...100, "BM25 term-frequency saturation")
        /// `b`.
        public static let b = StageParameter.number("b", default: 0.75, in: 0...1, "BM25 length normalisation, 0 (none) to 1 (full)")
        /// `context_weight`.
        public static let contextWeight = StageParameter.number(
            "context_weight", default: 0.5, in: 0...100, "how much the context field counts against the question field")
        /// Every parameter, in the order the documentation lists them.
        public static let parameters = [k1, b, contextWeight]
    }

    /// The parameters of the built-in stage named `name` (`generate`), or nil when no
    /// built-in has that name. `builtin/evaluate` takes none.
    public static func parameters(ofBuiltin name: String) -> [StageParameter]? {
        switch name {
        case "validate": Validate.parameters
        case "generate": Generate.parameters
        case "train": Train.parameters
        case "evaluate": []
        default: nil
        }
    }
}
