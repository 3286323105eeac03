import InstructLabValidation

/// One generated question–answer example, in training or in the held-out test set.
///
/// Written as one line of InstructLab's messages JSONL (see ``messagesRecord(systemPrompt:)``),
/// and read back from it by ``GeneratedDataset/load(from:)``.
public struct GeneratedExample: Sendable, Hashable {
    /// `<leaf>#s<seed>.q<qa>.v<variant>`: the leaf, the seed example's index, the index of the
    /// question within it (always 0 for skills), and the variant (0 is the seed question as
    /// written). Unique within a dataset.
    public var id: String
    public var leaf: String
    public var kind: LeafKind
    public var split: Split
    public var seedIndex: Int
    public var questionIndex: Int
    public var variantIndex: Int
    /// The transforms that made this question from the seed question; empty for variant 0.
    public var transforms: [QuestionTransform]
    public var question: String
    /// The knowledge context, or the grounded skill's context.
    public var context: String?
    public var answer: String
    /// The knowledge leaf's domain.
    public var domain: String?

    /// Which set an example belongs to.
    public enum Split: String, Sendable, Hashable, CaseIterable {
        case train
        case test
    }

    public init(
        id: String, leaf: String, kind: LeafKind, split: Split, seedIndex: Int, questionIndex: Int,
        variantIndex: Int, transforms: [QuestionTransform], question: String, context: String?,
        answer: String, domain: String?
    ) {
        self.id = id
        self.leaf = leaf
        self.kind = kind
        self.split = split
        self.seedIndex = seedIndex
        self.questionIndex = questionIndex
        self.variantIndex = variantIndex
        self.transforms = transforms
        self.question = question
        self.context = context
        self.answer = answer
        self.domain = domain
    }

    static func makeID(leaf: String, seed: Int, question: Int, variant: Int) -> String {
        "\(leaf)#s\(seed).q\(question).v\(variant)"
    }

    /// The user turn: the context, a blank line, then the question, as InstructLab lays out
    /// knowledge and grounded-skill samples; just the question otherwise.
    public var userContent: String {
        if let context, !context.isEmpty { return "\(context)\n\n\(question)" }
        return question
    }

    /// The `dataset` name recorded in the metadata.
    var datasetName: String {
        switch kind {
        case .skill: context == nil ? "builtin_freeform_skill_qa" : "builtin_grounded_skill_qa"
        case .knowledge: "builtin_knowledge_qa"
        }
    }
}
