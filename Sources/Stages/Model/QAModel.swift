/// `builtin/train`'s model: a small, real lexical question-answering model. It remembers
/// training examples leaf by leaf and answers a question with the answer of the example
/// that matches it best under BM25 (see ``QAIndex``).
///
/// Training is incremental by leaf: a model loaded from the previous build can have leaves
/// added, replaced or removed, and the result is the same value, and the same file bytes,
/// as a model trained from scratch on the final set. The canonical example order is leaves
/// by path, then each leaf's examples in the order given.
public struct QAModel: Sendable, Hashable {
    /// Bumped when the files change shape; ``load(from:)`` reads this one and version 1
    /// (see `ModelConfig`) and refuses others.
    public static let formatVersion = 2
    /// The model's name in `config.json`.
    public static let modelName = "builtin/lexical-qa"

    public var parameters: ModelParameters
    /// Leaf path → its examples, in the order given.
    public private(set) var examplesByLeaf: [String: [ModelExample]]
    /// Leaf path → the SHA-256 of the `train.jsonl` its examples came from, when known:
    /// what incremental training compares to decide that a leaf's data did not change.
    public private(set) var trainSHA256ByLeaf: [String: String]

    /// An empty model: it answers nothing. The base of a first build.
    public init(parameters: ModelParameters = ModelParameters()) {
        self.parameters = parameters
        self.examplesByLeaf = [:]
        self.trainSHA256ByLeaf = [:]
    }

    /// A model trained from scratch on a dataset's training examples.
    public init(training dataset: GeneratedDataset, parameters: ModelParameters = ModelParameters()) throws(ModelError) {
        self.init(parameters: parameters)
        try update(with: dataset)
    }

    /// Leaf paths, sorted.
    public var leaves: [String] { examplesByLeaf.keys.sorted() }

    /// Every example in canonical order.
    public var examples: [ModelExample] { leaves.flatMap { examplesByLeaf[$0] ?? [] } }

    public var exampleCount: Int { examplesByLeaf.values.reduce(0) { $0 + $1.count } }

    /// Adds `leaf`, or replaces what the model knew of it, with `examples`; an empty list
    /// removes the leaf. Every example must belong to `leaf`, with ids unique in it.
    /// `trainSHA256` is the digest of the `train.jsonl` they came from, if any.
    public mutating func setExamples(
        _ examples: [ModelExample], forLeaf leaf: String, trainSHA256: String? = nil
    ) throws(ModelError) {
        var ids: Set<String> = []
        for example in examples {
            guard example.leaf == leaf else {
                throw .leafMismatch(leaf: leaf, exampleID: example.id, exampleLeaf: example.leaf)
            }
            guard ids.insert(example.id).inserted else { throw .duplicateExampleID(leaf: leaf, id: example.id) }
        }
        examplesByLeaf[leaf] = examples.isEmpty ? nil : examples
        trainSHA256ByLeaf[leaf] = examples.isEmpty ? nil : trainSHA256
    }

    /// Forgets `leaf` (a leaf deleted from the taxonomy). Unknown leaves are ignored.
    public mutating func removeLeaf(_ leaf: String) {
        examplesByLeaf[leaf] = nil
        trainSHA256ByLeaf[leaf] = nil
    }

    /// The nightly update: every leaf in `dataset` is set to its training examples (added
    /// or replaced, recording the digest of its `train.jsonl` as the dataset writes it),
    /// and every leaf in `removedLeaves` is removed.
    public mutating func update(with dataset: GeneratedDataset, removedLeaves: [String] = []) throws(ModelError) {
        for leaf in dataset.leaves {
            try setExamples(
                leaf.train.map(ModelExample.init), forLeaf: leaf.leaf, trainSHA256: dataset.trainFileSHA256(of: leaf))
        }
        for leaf in removedLeaves { removeLeaf(leaf) }
    }

    /// The BM25 index over the model's examples, for answering questions. Building it is
    /// linear in the examples' text.
    public func index() -> QAIndex {
        QAIndex(examples: examples, parameters: parameters)
    }
}
