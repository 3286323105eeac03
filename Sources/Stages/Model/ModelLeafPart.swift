import Platform
import StageProtocol

/// One leaf as the model's files hold it: its `config.json` entry (how many examples,
/// the digest of the training data they came from, the leaf's share of the index
/// figures) and its run of lines in `examples.jsonl`.
///
/// The files are the leaves' parts in leaf order, so a part kept from a base model (its
/// bytes copied, nothing parsed) and a part made from examples give the same bytes, and
/// training incrementally writes what training from scratch writes.
struct ModelLeafPart: Sendable {
    var leaf: String
    var exampleCount: Int
    /// The SHA-256 of the leaf's `train.jsonl` the examples came from; `nil` when the
    /// examples were given directly or the model was written before it was recorded.
    var trainSHA256: String?
    var figures: Figures
    /// The leaf's `examples.jsonl` lines, each ending in a newline (a slice of the base
    /// model's file when kept from it, not a copy).
    var lines: ArraySlice<UInt8>

    /// The leaf's share of `config.json`'s `index` figures: sums over leaves give the
    /// totals, so a kept leaf needs no tokenizing.
    struct Figures: Sendable, Hashable {
        /// Terms of all the leaf's questions.
        var questionTerms: Int
        /// Distinct context texts of the leaf.
        var contexts: Int
        /// Terms of the leaf's distinct contexts, each counted once.
        var contextTerms: Int
        /// Distinct terms of the leaf's questions and contexts.
        var vocabulary: Int

        init(questionTerms: Int, contexts: Int, contextTerms: Int, vocabulary: Int) {
            self.questionTerms = questionTerms
            self.contexts = contexts
            self.contextTerms = contextTerms
            self.vocabulary = vocabulary
        }

        /// Counted as ``QAIndex`` tokenizes: questions one by one, each distinct context once.
        init(examples: [ModelExample]) {
            let tokenizer = Tokenizer()
            var vocabulary: Set<String> = []
            var questionTerms = 0
            var contexts: Set<String> = []
            var contextTerms = 0
            for example in examples {
                let terms = tokenizer.terms(example.question)
                questionTerms += terms.count
                vocabulary.formUnion(terms)
                if let context = example.context, contexts.insert(context).inserted {
                    let terms = tokenizer.terms(context)
                    contextTerms += terms.count
                    vocabulary.formUnion(terms)
                }
            }
            self.init(
                questionTerms: questionTerms, contexts: contexts.count, contextTerms: contextTerms,
                vocabulary: vocabulary.count)
        }
    }

    init(leaf: String, exampleCount: Int, trainSHA256: String?, figures: Figures, lines: ArraySlice<UInt8>) {
        self.leaf = leaf
        self.exampleCount = exampleCount
        self.trainSHA256 = trainSHA256
        self.figures = figures
        self.lines = lines
    }

    /// The part of `examples` (all of `leaf`, in the order given).
    init(leaf: String, examples: [ModelExample], trainSHA256: String?) {
        self.init(
            leaf: leaf, exampleCount: examples.count, trainSHA256: trainSHA256, figures: Figures(examples: examples),
            lines: FileBytes.jsonl(examples.map(\.json))[...])
    }

    /// The entry in `config.json`'s `leaves`.
    var configEntry: JSONValue {
        .object([
            .init("context_terms", .integer(figures.contextTerms)), .init("contexts", .integer(figures.contexts)),
            .init("examples", .integer(exampleCount)), .init("leaf", .string(leaf)),
            .init("question_terms", .integer(figures.questionTerms)), .init("train_sha256", .optional(trainSHA256)),
            .init("vocabulary", .integer(figures.vocabulary)),
        ])
    }
}
