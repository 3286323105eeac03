import Taxonomy
import YAML

/// Reads a validated qna.yaml into the seed examples generation works from. Validation
/// has already refused malformed files; this reader takes what the schema guarantees
/// and trims the trailing newlines of block scalars.
enum SeedLeafReader {
    static func read(_ bytes: [UInt8], leaf: String) throws(BuiltinStageError) -> SeedLeaf {
        let root: Node?
        do {
            root = try YAMLParser.parse(bytes, file: leaf + "/" + TaxonomyLeaf.fileName)
        } catch {
            throw BuiltinStageError(error.description)
        }
        guard let root, root.mapping != nil else {
            throw BuiltinStageError("\(leaf)/\(TaxonomyLeaf.fileName): expected a mapping")
        }
        let examples = root["seed_examples"]?.sequence ?? []
        if leaf.hasPrefix("knowledge/") {
            let seeds = examples.map { example in
                KnowledgeSeed(
                    context: text(example["context"]),
                    questionsAndAnswers: (example["questions_and_answers"]?.sequence ?? []).map {
                        QuestionAnswer(question: text($0["question"]), answer: text($0["answer"]))
                    })
            }
            return .knowledge(
                path: leaf, domain: text(root["domain"]), taskDescription: text(root["document_outline"]),
                examples: seeds, documents: [])
        }
        let seeds = examples.map { example in
            SkillSeed(
                question: text(example["question"]), answer: text(example["answer"]),
                context: example["context"].map { text($0) })
        }
        return .skill(path: leaf, taskDescription: text(root["task_description"]), examples: seeds)
    }

    private static func text(_ node: Node?) -> String {
        let raw = node?.scalar?.text ?? ""
        return String(raw.reversed().drop { $0.isWhitespace }.reversed())
    }
}
