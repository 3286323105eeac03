import Foundation
import InstructLabValidation
import YAML

/// Reads a validated qna.yaml into the seed examples generation works from. Validation
/// has already refused malformed files; this reader takes what the schema guarantees
/// and trims the trailing newlines of block scalars. A knowledge leaf's documents are the
/// UTF-8 files in `documentsFolder` (the snapshot's `<leaf>/documents/`), in name order.
enum SeedLeafReader {
    static func read(
        _ bytes: [UInt8], leaf: String, documentsFolder: URL? = nil, warn: (String) -> Void = { _ in }
    ) throws(BuiltinStageError) -> SeedLeaf {
        let root: Node?
        do {
            root = try YAMLParser.parse(bytes, file: leaf + "/" + TaxonomyLayout.leafFileName, duplicateKeys: .lastWins)
        } catch {
            throw BuiltinStageError(error.description)
        }
        guard let root, root.mapping != nil else {
            throw BuiltinStageError("\(leaf)/\(TaxonomyLayout.leafFileName): expected a mapping")
        }
        let examples = root["seed_examples"]?.sequence ?? []
        // The kind validation checked it as (the built-in validate uses the default folders).
        let kind = LeafPath(leaf).map { LeafKind(of: $0, folders: TaxonomyLayout.defaultFolders) } ?? .skill
        if kind == .knowledge {
            let seeds = examples.map { example in
                KnowledgeSeed(
                    context: text(example["context"]),
                    questionsAndAnswers: (example["questions_and_answers"]?.sequence ?? []).map {
                        QuestionAnswer(question: text($0["question"]), answer: text($0["answer"]))
                    })
            }
            return .knowledge(
                path: leaf, domain: text(root["domain"]), taskDescription: text(root["document_outline"]),
                examples: seeds, documents: documentsFolder.map { documents(in: $0, leaf: leaf, warn: warn) } ?? [])
        }
        let seeds = examples.map { example in
            SkillSeed(
                question: text(example["question"]), answer: text(example["answer"]),
                context: example["context"].map { text($0) })
        }
        return .skill(path: leaf, taskDescription: text(root["task_description"]), examples: seeds)
    }

    /// The texts of the files in `folder`; none when it does not exist (a leaf without
    /// documents). A PDF, or any file that is not UTF-8, is left out with a warning:
    /// generation works from text.
    private static func documents(in folder: URL, leaf: String, warn: (String) -> Void) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        var texts: [String] = []
        for name in names.sorted() {
            let file = folder.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: file.path),
                let text = String(data: data, encoding: .utf8)
            else {
                warn("warning: \(leaf): document \(name) is not UTF-8 text; generating without it")
                continue
            }
            texts.append(text)
        }
        return texts
    }

    private static func text(_ node: Node?) -> String {
        let raw = node?.scalar?.text ?? ""
        return String(raw.reversed().drop { $0.isWhitespace }.reversed())
    }
}
