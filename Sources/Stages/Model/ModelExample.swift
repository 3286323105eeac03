import StageProtocol

/// What the model remembers of one training example: the question (and context) it is
/// found by, and the answer it gives.
public struct ModelExample: Sendable, Hashable {
    /// Unique within its leaf (generated ids start with the leaf path, so they are unique
    /// in the model too).
    public var id: String
    public var leaf: String
    public var question: String
    public var context: String?
    public var answer: String

    public init(id: String, leaf: String, question: String, context: String? = nil, answer: String) {
        self.id = id
        self.leaf = leaf
        self.question = question
        self.context = context
        self.answer = answer
    }

    /// The training example as the model keeps it.
    public init(_ example: GeneratedExample) {
        self.init(
            id: example.id, leaf: example.leaf, question: example.question, context: example.context,
            answer: example.answer)
    }

    var json: JSONValue {
        .object([
            .init("answer", .string(answer)), .init("context", .optional(context)), .init("id", .string(id)),
            .init("leaf", .string(leaf)), .init("question", .string(question)),
        ])
    }

    /// The members ``init(json:)`` reads from an `examples.jsonl` line.
    static let keys = JSONKeys(["answer", "context", "id", "leaf", "question"])

    init(json: JSONFields) throws(JSONShapeError) {
        self.init(
            id: try json.string("id"), leaf: try json.string("leaf"), question: try json.string("question"),
            context: try json.optionalString("context"), answer: try json.string("answer"))
    }
}
