/// InstructLab's taxonomy JSON schemas (instructlab-schema, `v1`–`v3`), written out as
/// Swift values. Only the keywords those schemas use exist here, and the order of
/// properties is the schemas' order, which is the order jsonschema reports errors in.
indirect enum SchemaRule: Sendable {
    /// `type: string`, with `minLength` when above 0.
    case string(minLength: Int)
    case array(ArraySchema)
    case object(ObjectSchema)
}

struct ArraySchema: Sendable {
    var minItems: Int
    var uniqueItems: Bool
    var items: SchemaRule
}

struct ObjectSchema: Sendable {
    var required: [String]
    /// `unevaluatedProperties: false`.
    var isClosed: Bool
    var properties: [(name: String, rule: SchemaRule)]
}

/// A whole leaf schema: the object rules plus the `version` rules of its `$ref`'d
/// `version.json`.
struct LeafSchema: Sendable {
    var version: Int
    /// `version.json` requires the key from version 2 on.
    var requiresVersion: Bool { version >= 2 }
    var root: ObjectSchema
    /// A deprecated schema's description, reported instead of validating.
    var deprecation: String?
}

extension LeafSchema {
    static let supportedVersions = 1...3

    /// The schema for `kind` at `version`, or `nil` when instructlab-schema has none.
    static func schema(_ kind: LeafKind, version: Int) -> LeafSchema? {
        switch (kind, version) {
        case (.skill, 1): LeafSchema(version: 1, root: skill(strictTask: false, minSeeds: 1, unique: false))
        case (.skill, 2), (.skill, 3): LeafSchema(version: version, root: skill(strictTask: true, minSeeds: 5, unique: true))
        case (.knowledge, 1), (.knowledge, 2):
            LeafSchema(
                version: version, root: ObjectSchema(required: [], isClosed: false, properties: []),
                deprecation: "Version \(version) is not supported for knowledge. Minimum supported version is 3.")
        case (.knowledge, 3): LeafSchema(version: 3, root: knowledgeV3)
        default: nil
        }
    }

    private static let nonEmpty = SchemaRule.string(minLength: 1)

    private static func skill(strictTask: Bool, minSeeds: Int, unique: Bool) -> ObjectSchema {
        ObjectSchema(
            required: ["created_by", "task_description", "seed_examples"], isClosed: true,
            properties: [
                ("created_by", nonEmpty),
                ("task_description", .string(minLength: strictTask ? 1 : 0)),
                (
                    "seed_examples",
                    .array(
                        ArraySchema(
                            minItems: minSeeds, uniqueItems: unique,
                            items: .object(
                                ObjectSchema(
                                    required: ["question", "answer"], isClosed: true,
                                    properties: [("context", nonEmpty), ("question", nonEmpty), ("answer", nonEmpty)]))))
                ),
            ])
    }

    private static let knowledgeV3 = ObjectSchema(
        required: ["created_by", "domain", "seed_examples", "document", "document_outline"], isClosed: true,
        properties: [
            ("created_by", nonEmpty),
            ("domain", nonEmpty),
            (
                "seed_examples",
                .array(
                    ArraySchema(
                        minItems: 5, uniqueItems: true,
                        items: .object(
                            ObjectSchema(
                                required: ["context", "questions_and_answers"], isClosed: true,
                                properties: [
                                    ("context", nonEmpty),
                                    (
                                        "questions_and_answers",
                                        .array(
                                            ArraySchema(
                                                minItems: 3, uniqueItems: true,
                                                items: .object(
                                                    ObjectSchema(
                                                        required: ["question", "answer"], isClosed: false,
                                                        properties: [("question", nonEmpty), ("answer", nonEmpty)]))))
                                    ),
                                ]))))
            ),
            (
                "document",
                .object(
                    ObjectSchema(
                        required: ["repo", "commit", "patterns"], isClosed: true,
                        properties: [
                            ("repo", nonEmpty),
                            ("commit", nonEmpty),
                            ("patterns", .array(ArraySchema(minItems: 1, uniqueItems: true, items: nonEmpty))),
                        ]))
            ),
            ("document_outline", nonEmpty),
        ])
}
