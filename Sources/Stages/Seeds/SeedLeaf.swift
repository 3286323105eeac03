import InstructLabValidation

/// One taxonomy leaf as the built-in stages see it: its path, what kind of contribution it
/// is, and its seed examples. The glue that reads `qna.yaml` fills these in; the stages
/// never parse YAML themselves.
public struct SeedLeaf: Sendable, Hashable {
    /// The leaf's folder in the taxonomy, relative and `/`-separated:
    /// `knowledge/science/birds`, `compositional_skills/writing/haiku`.
    public var path: String
    /// `task_description` from `qna.yaml` (empty when the leaf has none).
    public var taskDescription: String
    /// `domain` from a knowledge leaf's `qna.yaml`; `nil` for skills.
    public var domain: String?
    /// The seed examples, by kind.
    public var content: Content

    /// A leaf's seed examples: skills pair questions with answers; knowledge pairs
    /// contexts (excerpts of its documents) with several questions and answers each.
    public enum Content: Sendable, Hashable {
        case skill(examples: [SkillSeed])
        /// `documents` holds the texts of the leaf's documents when the glue could read them.
        case knowledge(examples: [KnowledgeSeed], documents: [String])
    }

    public init(path: String, taskDescription: String = "", domain: String? = nil, content: Content) {
        self.path = path
        self.taskDescription = taskDescription
        self.domain = domain
        self.content = content
    }

    /// A skill leaf (freeform, or grounded when its examples carry contexts).
    public static func skill(path: String, taskDescription: String = "", examples: [SkillSeed]) -> SeedLeaf {
        SeedLeaf(path: path, taskDescription: taskDescription, content: .skill(examples: examples))
    }

    /// A knowledge leaf.
    public static func knowledge(
        path: String, domain: String, taskDescription: String = "", examples: [KnowledgeSeed],
        documents: [String] = []
    ) -> SeedLeaf {
        SeedLeaf(
            path: path, taskDescription: taskDescription, domain: domain,
            content: .knowledge(examples: examples, documents: documents))
    }

    /// `skill` or `knowledge`.
    public var kind: LeafKind {
        switch content {
        case .skill: .skill
        case .knowledge: .knowledge
        }
    }
}

/// One seed example of a skill leaf: `question`, `answer` and, for grounded skills, `context`.
public struct SkillSeed: Sendable, Hashable {
    public var question: String
    public var answer: String
    public var context: String?

    public init(question: String, answer: String, context: String? = nil) {
        self.question = question
        self.answer = answer
        self.context = context
    }
}

/// One seed example of a knowledge leaf: a `context` and its `questions_and_answers`.
public struct KnowledgeSeed: Sendable, Hashable {
    public var context: String
    public var questionsAndAnswers: [QuestionAnswer]

    public init(context: String, questionsAndAnswers: [QuestionAnswer]) {
        self.context = context
        self.questionsAndAnswers = questionsAndAnswers
    }
}

/// A question with its reference answer.
public struct QuestionAnswer: Sendable, Hashable {
    public var question: String
    public var answer: String

    public init(question: String, answer: String) {
        self.question = question
        self.answer = answer
    }
}
