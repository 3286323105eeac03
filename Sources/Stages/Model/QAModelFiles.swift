import Foundation
import Platform
import StageProtocol

/// The model on disk, two files, each a pure function of the model:
///
/// `examples.jsonl`: every example in canonical order, one a line, keys sorted:
/// `{"answer":"…","context":null,"id":"…","leaf":"…","question":"…"}`.
///
/// `config.json` (pretty-printed, keys sorted):
/// ```json
/// {
///   "examples": {"path": "examples.jsonl", "records": 450, "sha256": "…"},
///   "format_version": 2,
///   "index": {"average_context_length": 41.2, "average_question_length": 5.1, "contexts": 30},
///   "leaves": [{"context_terms": 1236, "contexts": 30, "examples": 75, "leaf": "knowledge/birds",
///               "question_terms": 380, "train_sha256": "…", "vocabulary": 412}, …],
///   "model": "builtin/lexical-qa",
///   "parameters": {"b": 0.75, "context_weight": 0.5, "k1": 1.2},
///   "tokenizer": {"stemmer": "light-suffix-1", "stop_words": 82}
/// }
/// ```
/// Each leaf records the SHA-256 of the `train.jsonl` it was trained on (`null` when its
/// examples were given directly) and its share of the index figures (``ModelLeafPart``);
/// `index` holds their totals: `contexts` counts distinct contexts leaf by leaf, and there
/// is no total vocabulary (a union needs every term; each leaf records its own). The index
/// itself is rebuilt on load (it is linear in the text and fast).
extension QAModel {
    public static let configFileName = "config.json"
    public static let examplesFileName = "examples.jsonl"
    /// The stemmer `config.json` names; figures counted under another are recounted.
    static let stemmerName = "light-suffix-1"

    /// Each leaf's part of the files, in leaf order.
    var parts: [ModelLeafPart] {
        leaves.map { ModelLeafPart(leaf: $0, examples: examplesByLeaf[$0] ?? [], trainSHA256: trainSHA256ByLeaf[$0]) }
    }

    /// Each file's name and bytes.
    public func files() -> [(path: String, bytes: [UInt8])] {
        Self.files(of: parts, parameters: parameters)
    }

    /// The files of a model made of `parts` (any order; a part without examples is no
    /// leaf): the one writer of both files, whether the parts were parsed or kept.
    static func files(of parts: [ModelLeafPart], parameters: ModelParameters) -> [(path: String, bytes: [UInt8])] {
        let parts = parts.filter { $0.exampleCount > 0 }.sorted { $0.leaf < $1.leaf }
        var examplesBytes: [UInt8] = []
        examplesBytes.reserveCapacity(parts.reduce(0) { $0 + $1.lines.count })
        for part in parts { examplesBytes += part.lines }
        let records = parts.reduce(0) { $0 + $1.exampleCount }
        let questionTerms = parts.reduce(0) { $0 + $1.figures.questionTerms }
        let contexts = parts.reduce(0) { $0 + $1.figures.contexts }
        let contextTerms = parts.reduce(0) { $0 + $1.figures.contextTerms }
        let config: JSONValue = .object([
            .init(
                "examples",
                .object([
                    .init("path", .string(Self.examplesFileName)), .init("records", .integer(records)),
                    .init("sha256", .string(SHA256Digest.hex(examplesBytes))),
                ])),
            .init("format_version", .integer(Self.formatVersion)),
            .init(
                "index",
                .object([
                    .init("average_context_length", .number(contexts == 0 ? 0 : Double(contextTerms) / Double(contexts))),
                    .init("average_question_length", .number(records == 0 ? 0 : Double(questionTerms) / Double(records))),
                    .init("contexts", .integer(contexts)),
                ])),
            .init("leaves", .array(parts.map(\.configEntry))),
            .init("model", .string(Self.modelName)),
            .init(
                "parameters",
                .object([
                    .init("b", .number(parameters.b)), .init("context_weight", .number(parameters.contextWeight)),
                    .init("k1", .number(parameters.k1)),
                ])),
            .init(
                "tokenizer",
                .object([
                    .init("stemmer", .string(stemmerName)), .init("stop_words", .integer(Tokenizer.stopWords.count)),
                ])),
        ])
        return [(Self.configFileName, config.prettyBytes), (Self.examplesFileName, examplesBytes)]
    }

    /// Writes ``files()`` into `directory`.
    public func write(to directory: URL) throws(ModelError) {
        try Self.write(files(), to: directory)
    }

    /// Writes model files into `directory`, examples first so a reader never finds a
    /// config describing examples that are not there yet.
    static func write(_ files: [(path: String, bytes: [UInt8])], to directory: URL) throws(ModelError) {
        for (path, bytes) in files.reversed() {
            do {
                try FileBytes.write(bytes, to: directory.appendingPathComponent(path))
            } catch {
                throw .unwritable(path: error.path, reason: error.reason)
            }
        }
    }

    /// Reads a model written by ``write(to:)`` (format 1 or 2, see ``ModelConfig``). A
    /// config of another format version, an examples file whose digest or count differs
    /// from the config, or a malformed line is a typed error naming the file (and line).
    public static func load(from directory: URL) throws(ModelError) -> QAModel {
        try load(from: directory, reusing: nil).model
    }

    /// ``load(from:)``, taking the examples of each leaf whose lines `reused` holds byte for
    /// byte instead of parsing those lines again (the same bytes parse to the same examples,
    /// so the model and any refusal are those of parsing every line), and giving this
    /// model's runs of lines for the next load.
    static func load(
        from directory: URL, reusing reused: ModelLineRuns?
    ) throws(ModelError) -> (model: QAModel, runs: ModelLineRuns) {
        let config = try ModelConfig.read(from: directory)
        let lines = try config.examplesLines(in: directory)
        let examplesPath = directory.appendingPathComponent(examplesFileName, isDirectory: false).path
        let runs = ModelLineRuns.ranges(of: config, lineCount: lines.count)
        let kept = reused?.examples(for: runs, of: lines) ?? []
        var unparsed: [(number: Int, bytes: ArraySlice<UInt8>)] = []
        var line = 0
        for (range, _) in kept {
            unparsed += lines[line..<range.lowerBound]
            line = range.upperBound
        }
        unparsed += lines[line...]
        // Parsed on every core, in chunks of lines; the examples come back in file order.
        let parsed = try ParallelMap.chunkedMap(unparsed) { (chunk) throws(ModelError) -> [ModelExample] in
            var parsed: [ModelExample] = []
            for (number, line) in chunk {
                do throws(JSONShapeError) {
                    parsed.append(try ModelExample(json: JSONFields(parsing: line, keys: ModelExample.keys)))
                } catch {
                    throw .malformedExample(path: examplesPath, line: number, reason: error.description)
                }
            }
            return parsed
        }
        var examples: [ModelExample] = []
        examples.reserveCapacity(lines.count)
        var next = 0
        line = 0
        for (range, keptExamples) in kept {
            examples += parsed[next..<next + range.lowerBound - line]
            next += range.lowerBound - line
            examples += keptExamples
            line = range.upperBound
        }
        examples += parsed[next...]
        var grouped: [String: [ModelExample]] = [:]
        var leafOrder: [String] = []
        for example in examples {
            if grouped[example.leaf] == nil { leafOrder.append(example.leaf) }
            grouped[example.leaf, default: []].append(example)
        }
        var recorded: [String: Int] = [:]
        var trainSHA256s: [String: String] = [:]
        for leaf in config.leaves {
            recorded[leaf.leaf] = leaf.examples
            trainSHA256s[leaf.leaf] = leaf.trainSHA256
        }
        guard grouped.mapValues(\.count) == recorded else { throw config.countsMismatch }
        var model = QAModel(parameters: config.parameters)
        for leaf in leafOrder {
            try model.setExamples(grouped[leaf] ?? [], forLeaf: leaf, trainSHA256: trainSHA256s[leaf])
        }
        return (model, ModelLineRuns(runs, lines: lines, examples: examples))
    }
}
