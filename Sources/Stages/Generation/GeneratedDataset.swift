import Foundation
import Platform
import StageProtocol

/// All generated data of a run: the options it was made with and each leaf's data, in
/// leaf-path order.
///
/// On disk (``files()``, ``write(to:)``):
/// ```
/// recipe.json                       see DatasetRecipe
/// leaves/<leaf path>/train.jsonl    messages records, one a line
/// leaves/<leaf path>/test.jsonl
/// leaves/<leaf path>/documents.jsonl  pretraining records of document passages (knowledge
///                                     leaves with documents only)
/// ```
/// Every file is a pure function of the options and the seed leaves.
public struct GeneratedDataset: Sendable, Hashable {
    public var options: GenerationOptions
    public var leaves: [LeafDataset]

    public init(options: GenerationOptions, leaves: [LeafDataset]) {
        self.options = options
        self.leaves = leaves.sorted { $0.leaf < $1.leaf }
    }

    /// Every training example, leaf by leaf.
    public var trainingExamples: [GeneratedExample] { leaves.flatMap(\.train) }
    /// Every held-out example, leaf by leaf.
    public var testExamples: [GeneratedExample] { leaves.flatMap(\.test) }

    /// Each file's path (relative to the dataset directory) and bytes, `recipe.json` last.
    public func files() -> [(path: String, bytes: [UInt8])] {
        var files: [(path: String, bytes: [UInt8])] = []
        var recipeLeaves: [DatasetRecipe.Leaf] = []
        for leaf in leaves {
            func file(_ name: String, _ records: [JSONValue]) -> DatasetRecipe.File {
                let bytes = FileBytes.jsonl(records)
                let path = "\(leaf.folder)/\(name)"
                files.append((path, bytes))
                return DatasetRecipe.File(path: path, records: records.count, sha256: SHA256Digest.hex(bytes))
            }
            let train = file("train.jsonl", trainRecords(of: leaf))
            let test = file("test.jsonl", leaf.test.map { $0.recordJSON(systemPrompt: options.systemPrompt) })
            let documents =
                leaf.documentPassages.isEmpty
                ? nil : file("documents.jsonl", leaf.documentPassages.indices.map(leaf.passageRecord))
            recipeLeaves.append(
                DatasetRecipe.Leaf(
                    leaf: leaf.leaf, kind: leaf.kind, domain: leaf.domain, seedQuestions: leaf.seedQuestions,
                    train: train, test: test, documents: documents))
        }
        let recipe = DatasetRecipe(options: options, leaves: recipeLeaves)
        files.append((DatasetRecipe.fileName, recipe.bytes))
        return files
    }

    /// A leaf's `train.jsonl` records, as ``files()`` writes them.
    func trainRecords(of leaf: LeafDataset) -> [JSONValue] {
        leaf.train.map { $0.recordJSON(systemPrompt: options.systemPrompt) }
    }

    /// The SHA-256 of a leaf's `train.jsonl`, as its recipe records it.
    func trainFileSHA256(of leaf: LeafDataset) -> String {
        SHA256Digest.hex(FileBytes.jsonl(trainRecords(of: leaf)))
    }

    /// Writes ``files()`` under `directory` and returns the recipe.
    @discardableResult
    public func write(to directory: URL) throws(DatasetError) -> DatasetRecipe {
        for (path, bytes) in files() {
            do {
                try FileBytes.write(bytes, to: directory.appendingPathComponent(path))
            } catch {
                throw .unwritable(path: error.path, reason: error.reason)
            }
        }
        return try DatasetRecipe.load(from: directory)
    }

    /// Reads a dataset written by ``write(to:)``, checking every file read against the
    /// recipe's record count and SHA-256, and every record's shape, leaf, split and id.
    /// Only the `splits` asked for are read (training reads no held-out questions, the
    /// evaluation no training examples); the others are empty, and so are the document
    /// passages unless the training split is read.
    public static func load(
        from directory: URL, splits: Set<GeneratedExample.Split> = Set(GeneratedExample.Split.allCases)
    ) throws(DatasetError) -> GeneratedDataset {
        let recipe = try DatasetRecipe.load(from: directory)
        var leaves: [LeafDataset] = []
        for entry in recipe.leaves {
            var train: [GeneratedExample] = []
            var test: [GeneratedExample] = []
            if splits.contains(.train) { train = try readExamples(entry.train, leaf: entry.leaf, split: .train, in: directory) }
            if splits.contains(.test) { test = try readExamples(entry.test, leaf: entry.leaf, split: .test, in: directory) }
            var passages: [String] = []
            if splits.contains(.train), let documents = entry.documents {
                for (number, line) in try readLines(documents, in: directory) {
                    do {
                        let record = try JSONFields(parsing: line, keys: documentRecordKeys)
                        passages.append(try record.objects("messages").first?.string("content") ?? "")
                    } catch {
                        throw .malformedRecord(path: documents.path, line: number, reason: error.description)
                    }
                }
            }
            leaves.append(
                LeafDataset(
                    leaf: entry.leaf, kind: entry.kind, domain: entry.domain, seedQuestions: entry.seedQuestions,
                    train: train, test: test, documentPassages: passages))
        }
        return GeneratedDataset(options: recipe.options, leaves: leaves)
    }

    /// The member of a document passage record ``load(from:splits:)`` reads.
    private static let documentRecordKeys = JSONKeys(["messages"])

    private static func readLines(_ file: DatasetRecipe.File, in directory: URL) throws(DatasetError) -> [(
        number: Int, bytes: ArraySlice<UInt8>
    )] {
        do {
            return try FileBytes.readRecordedLines(
                directory.appendingPathComponent(file.path, isDirectory: false), sha256: file.sha256, records: file.records)
        } catch {
            switch error {
            case .unreadable(let failure): throw .unreadable(path: failure.path, reason: failure.reason)
            case .digest(let expected, let found): throw .digestMismatch(path: file.path, expected: expected, found: found)
            case .recordCount(let expected, let found):
                throw .recordCountMismatch(path: file.path, expected: expected, found: found)
            }
        }
    }

    /// The examples of one file of `leaf`'s `split`, checked against the recipe's digest
    /// and count, and each record's shape, leaf, split and id.
    static func readExamples(
        _ file: DatasetRecipe.File, leaf: String, split: GeneratedExample.Split, in directory: URL
    ) throws(DatasetError) -> [GeneratedExample] {
        var examples: [GeneratedExample] = []
        var ids: Set<String> = []
        for (number, line) in try readLines(file, in: directory) {
            let example: GeneratedExample
            do {
                example = try GeneratedExample(messagesLine: line)
            } catch {
                throw .malformedRecord(path: file.path, line: number, reason: error.description)
            }
            guard example.leaf == leaf, example.split == split else {
                throw .malformedRecord(
                    path: file.path, line: number,
                    reason: "record belongs to leaf \"\(example.leaf)\" split \(example.split.rawValue), "
                        + "expected leaf \"\(leaf)\" split \(split.rawValue)")
            }
            guard ids.insert(example.id).inserted else {
                throw .malformedRecord(path: file.path, line: number, reason: "duplicate id \"\(example.id)\"")
            }
            examples.append(example)
        }
        return examples
    }
}
