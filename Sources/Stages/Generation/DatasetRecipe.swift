import Foundation
import InstructLabValidation
import StageProtocol

/// `recipe.json`: what a generated dataset holds, leaf by leaf, with each file's record
/// count and SHA-256. Pretty-printed, keys sorted:
///
/// ```json
/// {
///   "datasets": [{"path": "leaves/knowledge/birds/train.jsonl", "sampling_size": 1.0}, …],
///   "format_version": 1,
///   "generator": "builtin/generate",
///   "leaves": [{"documents": null, "domain": "ornithology", "kind": "knowledge",
///               "leaf": "knowledge/birds", "seed_questions": 15,
///               "test": {"path": "…/test.jsonl", "records": 15, "sha256": "…"},
///               "train": {"path": "…/train.jsonl", "records": 75, "sha256": "…"}}, …],
///   "metadata": {"sys_prompt": "…"},
///   "options": {"passage_characters": 1500, "seed": 42, "system_prompt": "…",
///               "test_variants": 1, "variants": 4},
///   "totals": {"documents": 0, "leaves": 6, "test": 90, "train": 450}
/// }
/// ```
/// `datasets` and `metadata.sys_prompt` follow InstructLab's data-mixing recipe (JSON is
/// YAML), listing the training and document files with sampling size 1.0.
public struct DatasetRecipe: Sendable, Hashable {
    public static let fileName = "recipe.json"
    public static let formatVersion = 1

    public var options: GenerationOptions
    public var leaves: [Leaf]

    /// One leaf's entry.
    public struct Leaf: Sendable, Hashable {
        public var leaf: String
        public var kind: LeafKind
        public var domain: String?
        public var seedQuestions: Int
        public var train: File
        public var test: File
        public var documents: File?
    }

    /// One JSONL file of the dataset.
    public struct File: Sendable, Hashable {
        /// Relative to the dataset directory.
        public var path: String
        public var records: Int
        public var sha256: String
    }

    /// Training records over all leaves.
    public var trainRecords: Int { leaves.reduce(0) { $0 + $1.train.records } }
    /// Held-out records over all leaves.
    public var testRecords: Int { leaves.reduce(0) { $0 + $1.test.records } }
    /// Document passage records over all leaves.
    public var documentRecords: Int { leaves.reduce(0) { $0 + ($1.documents?.records ?? 0) } }

    var bytes: [UInt8] {
        func file(_ file: File) -> JSONValue {
            .object([
                .init("path", .string(file.path)), .init("records", .integer(file.records)),
                .init("sha256", .string(file.sha256)),
            ])
        }
        let seed: JSONValue = options.seed <= UInt64(Int.max) ? .integer(Int(options.seed)) : .string("\(options.seed)")
        let mixed = leaves.flatMap { [$0.train] + ($0.documents.map { [$0] } ?? []) }
        let json: JSONValue = .object([
            .init(
                "datasets",
                .array(
                    mixed.map { .object([.init("path", .string($0.path)), .init("sampling_size", .number(1.0))]) })),
            .init("format_version", .integer(Self.formatVersion)),
            .init("generator", .string("builtin/generate")),
            .init(
                "leaves",
                .array(
                    leaves.map { leaf in
                        .object([
                            .init("documents", leaf.documents.map(file) ?? .null),
                            .init("domain", .optional(leaf.domain)),
                            .init("kind", .string(leaf.kind.rawValue)),
                            .init("leaf", .string(leaf.leaf)),
                            .init("seed_questions", .integer(leaf.seedQuestions)),
                            .init("test", file(leaf.test)),
                            .init("train", file(leaf.train)),
                        ])
                    })),
            .init("metadata", .object([.init("sys_prompt", .string(options.systemPrompt))])),
            .init(
                "options",
                .object([
                    .init("passage_characters", .integer(options.passageCharacters)),
                    .init("seed", seed),
                    .init("system_prompt", .string(options.systemPrompt)),
                    .init("test_variants", .integer(options.testVariantsPerQuestion)),
                    .init("variants", .integer(options.variantsPerQuestion)),
                ])),
            .init(
                "totals",
                .object([
                    .init("documents", .integer(documentRecords)), .init("leaves", .integer(leaves.count)),
                    .init("test", .integer(testRecords)), .init("train", .integer(trainRecords)),
                ])),
        ])
        return json.prettyBytes
    }

    /// Reads `recipe.json` from a dataset directory. Leaf paths must be safe and file
    /// paths must be where ``GeneratedDataset`` puts them.
    public static func load(from directory: URL) throws(DatasetError) -> DatasetRecipe {
        let url = directory.appendingPathComponent(fileName, isDirectory: false)
        return try FileBytes.readDocument(
            url, unreadable: { DatasetError.unreadable(path: $0.path, reason: $0.reason) },
            malformed: { DatasetError.malformedRecipe(path: url.path, reason: $0) },
            parse: { try parse($0, path: url.path) })
    }

    /// The members of `recipe.json` a reader uses; `datasets`, `metadata` and `totals` are
    /// derived from them, for InstructLab and for people.
    private static let readKeys = JSONKeys(["format_version", "options", "leaves"])

    private static func parse(_ bytes: [UInt8], path: String) throws -> DatasetRecipe {
        let json = try JSONFields(parsing: bytes, keys: readKeys)
        let version = try json.integer("format_version")
        guard version == formatVersion else {
            throw DatasetError.unsupportedFormatVersion(path: path, found: version, supported: formatVersion)
        }
        let optionsJSON = try json.object("options")
        let seedText = try? optionsJSON.string("seed")
        guard let seed = try seedText.flatMap({ UInt64($0) }) ?? UInt64(exactly: optionsJSON.integer("seed")) else {
            throw JSONShapeError(keyPath: "options.seed", reason: "expected a non-negative integer")
        }
        let options = GenerationOptions(
            variantsPerQuestion: try optionsJSON.integer("variants"),
            testVariantsPerQuestion: try optionsJSON.integer("test_variants"), seed: seed,
            systemPrompt: try optionsJSON.string("system_prompt"),
            passageCharacters: try optionsJSON.integer("passage_characters"))

        var leaves: [Leaf] = []
        var seen: Set<String> = []
        for entry in try json.objects("leaves") {
            let leaf = try entry.string("leaf")
            try SeedLeaf.validatePath(leaf)
            guard seen.insert(leaf).inserted else {
                throw JSONShapeError(keyPath: "\(entry.keyPath).leaf", reason: "leaf \"\(leaf)\" is listed twice")
            }
            let kindName = try entry.string("kind")
            guard let kind = LeafKind(rawValue: kindName) else {
                throw JSONShapeError(keyPath: "\(entry.keyPath).kind", reason: "unknown kind \"\(kindName)\"")
            }
            func file(_ key: String, _ name: String) throws -> File {
                let object = try entry.object(key)
                let file = File(
                    path: try object.string("path"), records: try object.integer("records"),
                    sha256: try object.string("sha256"))
                guard file.path == "leaves/\(leaf)/\(name)" else {
                    throw JSONShapeError(
                        keyPath: "\(object.keyPath).path", reason: "expected \"leaves/\(leaf)/\(name)\", found \"\(file.path)\"")
                }
                return file
            }
            leaves.append(
                Leaf(
                    leaf: leaf, kind: kind, domain: try entry.optionalString("domain"),
                    seedQuestions: try entry.integer("seed_questions"), train: try file("train", "train.jsonl"),
                    test: try file("test", "test.jsonl"),
                    documents: entry.holdsObject("documents") ? try file("documents", "documents.jsonl") : nil))
        }
        return DatasetRecipe(options: options, leaves: leaves)
    }
}
