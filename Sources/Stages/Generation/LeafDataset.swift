import InstructLabValidation
import StageProtocol

/// The generated data of one leaf.
public struct LeafDataset: Sendable, Hashable {
    public var leaf: String
    public var kind: LeafKind
    public var domain: String?
    /// How many seed questions the leaf has (skills: seed examples; knowledge: all
    /// questions of all contexts).
    public var seedQuestions: Int
    /// Seed questions and their training variants, in seed order then variant order.
    public var train: [GeneratedExample]
    /// Held-out variants, in seed order then variant order.
    public var test: [GeneratedExample]
    /// Knowledge documents cut into passages (see `DocumentPassages`), for pretraining records.
    public var documentPassages: [String]

    public init(
        leaf: String, kind: LeafKind, domain: String?, seedQuestions: Int, train: [GeneratedExample],
        test: [GeneratedExample], documentPassages: [String]
    ) {
        self.leaf = leaf
        self.kind = kind
        self.domain = domain
        self.seedQuestions = seedQuestions
        self.train = train
        self.test = test
        self.documentPassages = documentPassages
    }

    /// Where this leaf's files go, relative to the dataset directory: `leaves/<leaf path>/`.
    public var folder: String { "leaves/\(leaf)" }

    /// The pretraining record of passage `index`: `{"id":"<leaf>#p<index>","messages":
    /// [{"role":"pretraining","content":…}],"metadata":"{…}","unmask":false}`.
    func passageRecord(_ index: Int) -> JSONValue {
        let metadata: JSONValue = .object([
            .init("dataset", .string("builtin_document_pretraining")),
            .init("domain", .optional(domain)),
            .init("kind", .string(kind.rawValue)),
            .init("leaf", .string(leaf)),
            .init("passage_index", .integer(index)),
        ])
        return .object([
            .init("id", .string("\(leaf)#p\(index)")),
            .init(
                "messages",
                .array([
                    .object([.init("role", .string("pretraining")), .init("content", .string(documentPassages[index]))])
                ])),
            .init("metadata", .string(String(decoding: metadata.bytes, as: UTF8.self))),
            .init("unmask", .bool(false)),
        ])
    }
}
