import InstructLabValidation
import StageProtocol

/// InstructLab's messages JSONL shape, one object a line:
///
/// ```json
/// {"id":"…","messages":[{"content":"…","role":"system"},{"content":"…","role":"user"},
///  {"content":"…","role":"assistant"}],"metadata":"{…}","unmask":false}
/// ```
///
/// Keys are sorted, as `JSONWriter` writes every object; `metadata` is a JSON object encoded as a
/// string (InstructLab's convention), with its keys sorted: `context` (string or null),
/// `dataset`, `domain` (string or null), `kind`, `leaf`, `question`, `question_index`,
/// `seed_index`, `split`, `transforms` (array of ``QuestionTransform`` raw values),
/// `variant_index`. `unmask` is always `false`: train on the assistant turn only.
extension GeneratedExample {
    /// The example as one messages record (no trailing newline), ready for a JSONL file.
    public func messagesRecord(systemPrompt: String) -> [UInt8] {
        recordJSON(systemPrompt: systemPrompt).bytes
    }

    func recordJSON(systemPrompt: String) -> JSONValue {
        func message(_ role: String, _ content: String) -> JSONValue {
            .object([.init("role", .string(role)), .init("content", .string(content))])
        }
        let metadata: JSONValue = .object([
            .init("context", .optional(context)),
            .init("dataset", .string(datasetName)),
            .init("domain", .optional(domain)),
            .init("kind", .string(kind.rawValue)),
            .init("leaf", .string(leaf)),
            .init("question", .string(question)),
            .init("question_index", .integer(questionIndex)),
            .init("seed_index", .integer(seedIndex)),
            .init("split", .string(split.rawValue)),
            .init("transforms", .array(transforms.map { .string($0.rawValue) })),
            .init("variant_index", .integer(variantIndex)),
        ])
        return .object([
            .init("id", .string(id)),
            .init(
                "messages",
                .array([
                    message("system", systemPrompt), message("user", userContent),
                    message("assistant", answer),
                ])),
            .init("metadata", .string(String(decoding: metadata.bytes, as: UTF8.self))),
            .init("unmask", .bool(false)),
        ])
    }

    /// The members of a messages record ``init(messagesLine:)`` reads.
    static let recordKeys = JSONKeys(["id", "messages", "metadata"])
    /// The members of its `metadata` it reads.
    static let metadataKeys = JSONKeys([
        "context", "domain", "kind", "leaf", "question", "question_index", "seed_index", "split", "transforms",
        "variant_index",
    ])

    /// Reads one messages record written by ``messagesRecord(systemPrompt:)``. The roles
    /// must be system, user, assistant in that order; the answer is the assistant turn, the
    /// question, context and provenance come from `metadata`.
    init(messagesLine line: some Collection<UInt8>) throws(JSONShapeError) {
        let record = try JSONFields(parsing: line, keys: Self.recordKeys)
        let messages = try record.objects("messages")
        let roles = try messages.map { (message) throws(JSONShapeError) in try message.string("role") }
        guard roles == ["system", "user", "assistant"] else {
            throw JSONShapeError(
                keyPath: "messages",
                reason: "expected roles system, user, assistant in that order, found \(roles.joined(separator: ", "))")
        }
        _ = try messages[1].string("content")
        let metadata = try record.embeddedObject("metadata", keys: Self.metadataKeys)
        let kindName = try metadata.string("kind")
        guard let kind = LeafKind(rawValue: kindName) else {
            throw JSONShapeError(keyPath: "metadata.kind", reason: "unknown kind \"\(kindName)\"")
        }
        let splitName = try metadata.string("split")
        guard let split = Split(rawValue: splitName) else {
            throw JSONShapeError(keyPath: "metadata.split", reason: "unknown split \"\(splitName)\"")
        }
        var transforms: [QuestionTransform] = []
        for name in try metadata.strings("transforms") {
            guard let transform = QuestionTransform(rawValue: name) else {
                throw JSONShapeError(keyPath: "metadata.transforms", reason: "unknown transform \"\(name)\"")
            }
            transforms.append(transform)
        }
        self.init(
            id: try record.string("id"), leaf: try metadata.string("leaf"), kind: kind, split: split,
            seedIndex: try metadata.integer("seed_index"), questionIndex: try metadata.integer("question_index"),
            variantIndex: try metadata.integer("variant_index"), transforms: transforms,
            question: try metadata.string("question"), context: try metadata.optionalString("context"),
            answer: try messages[2].string("content"), domain: try metadata.optionalString("domain"))
    }
}
