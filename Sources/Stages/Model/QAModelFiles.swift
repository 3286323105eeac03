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
///   "format_version": 1,
///   "index": {"average_context_length": 41.2, "average_question_length": 5.1,
///             "contexts": 30, "vocabulary": 812},
///   "leaves": [{"examples": 75, "leaf": "knowledge/birds"}, …],
///   "model": "builtin/lexical-qa",
///   "parameters": {"b": 0.75, "context_weight": 0.5, "k1": 1.2},
///   "tokenizer": {"stemmer": "light-suffix-1", "stop_words": 82}
/// }
/// ```
/// The index itself is rebuilt on load (it is linear in the text and fast); `index` holds
/// its figures for people and for change review.
extension QAModel {
    public static let configFileName = "config.json"
    public static let examplesFileName = "examples.jsonl"

    /// Each file's name and bytes.
    public func files() -> [(path: String, bytes: [UInt8])] {
        let examples = self.examples
        let examplesBytes = FileBytes.jsonl(examples.map(\.json))
        let statistics = QAIndex(examples: examples, parameters: parameters).statistics
        let config: JSONValue = .object([
            .init(
                "examples",
                .object([
                    .init("path", .string(Self.examplesFileName)), .init("records", .integer(examples.count)),
                    .init("sha256", .string(SHA256Digest.hex(examplesBytes))),
                ])),
            .init("format_version", .integer(Self.formatVersion)),
            .init(
                "index",
                .object([
                    .init("average_context_length", .number(statistics.averageContextLength)),
                    .init("average_question_length", .number(statistics.averageQuestionLength)),
                    .init("contexts", .integer(statistics.contexts)),
                    .init("vocabulary", .integer(statistics.vocabulary)),
                ])),
            .init(
                "leaves",
                .array(
                    leaves.map { leaf in
                        .object([
                            .init("examples", .integer(examplesByLeaf[leaf]?.count ?? 0)), .init("leaf", .string(leaf)),
                        ])
                    })),
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
                    .init("stemmer", .string("light-suffix-1")), .init("stop_words", .integer(Tokenizer.stopWords.count)),
                ])),
        ])
        return [(Self.configFileName, config.prettyBytes), (Self.examplesFileName, examplesBytes)]
    }

    /// Writes ``files()`` into `directory`, examples first so a reader never finds a config
    /// describing examples that are not there yet.
    public func write(to directory: URL) throws(ModelError) {
        for (path, bytes) in files().reversed() {
            do {
                try FileBytes.write(bytes, to: directory.appendingPathComponent(path))
            } catch {
                throw .unwritable(path: error.path, reason: error.reason)
            }
        }
    }

    /// Reads a model written by ``write(to:)``. A config of another format version, an
    /// examples file whose digest or count differs from the config, or a malformed line
    /// is a typed error naming the file (and line).
    public static func load(from directory: URL) throws(ModelError) -> QAModel {
        let configURL = directory.appendingPathComponent(configFileName)
        let configPath = configURL.path
        let configBytes: [UInt8]
        do {
            configBytes = try FileBytes.read(configURL)
        } catch {
            throw .unreadable(path: error.path, reason: error.reason)
        }
        let parameters: ModelParameters
        let examplesFile: (records: Int, sha256: String)
        let leafCounts: [String: Int]
        do {
            let config = try JSONFields(parsing: configBytes)
            let version = try config.integer("format_version")
            guard version == formatVersion else {
                throw ModelError.unsupportedFormatVersion(path: configPath, found: version, supported: formatVersion)
            }
            let name = try config.string("model")
            guard name == modelName else {
                throw JSONShapeError(keyPath: "model", reason: "expected \"\(modelName)\", found \"\(name)\"")
            }
            let params = try config.object("parameters")
            parameters = ModelParameters(
                k1: try params.number("k1"), b: try params.number("b"),
                contextWeight: try params.number("context_weight"))
            let examples = try config.object("examples")
            guard try examples.string("path") == examplesFileName else {
                throw JSONShapeError(keyPath: "examples.path", reason: "expected \"\(examplesFileName)\"")
            }
            examplesFile = (try examples.integer("records"), try examples.string("sha256"))
            var counts: [String: Int] = [:]
            for leaf in try config.objects("leaves") {
                counts[try leaf.string("leaf")] = try leaf.integer("examples")
            }
            leafCounts = counts
        } catch let error as ModelError {
            throw error
        } catch let error as JSONShapeError {
            throw .malformedConfig(path: configPath, reason: error.description)
        } catch {
            throw .malformedConfig(path: configPath, reason: String(describing: error))
        }

        let examplesURL = directory.appendingPathComponent(examplesFileName)
        let lines: [(number: Int, bytes: ArraySlice<UInt8>)]
        do {
            lines = try FileBytes.readRecordedLines(examplesURL, sha256: examplesFile.sha256, records: examplesFile.records)
        } catch {
            switch error {
            case .unreadable(let failure): throw .unreadable(path: failure.path, reason: failure.reason)
            case .digest(let expected, let found):
                throw .digestMismatch(path: examplesURL.path, expected: expected, found: found)
            case .recordCount(let expected, let found):
                throw .recordCountMismatch(path: examplesURL.path, expected: expected, found: found)
            }
        }
        // Parsed on every core, in chunks of lines; the examples come back in file order.
        let examples = try ParallelMap.chunkedMap(lines) { (chunk) throws(ModelError) -> [ModelExample] in
            var parsed: [ModelExample] = []
            for (number, line) in chunk {
                do throws(JSONShapeError) {
                    parsed.append(try ModelExample(json: JSONFields(parsing: line)))
                } catch {
                    throw .malformedExample(path: examplesURL.path, line: number, reason: error.description)
                }
            }
            return parsed
        }
        var grouped: [String: [ModelExample]] = [:]
        var leafOrder: [String] = []
        for example in examples {
            if grouped[example.leaf] == nil { leafOrder.append(example.leaf) }
            grouped[example.leaf, default: []].append(example)
        }
        let counts = grouped.mapValues(\.count)
        guard counts == leafCounts else {
            throw .malformedConfig(
                path: configPath, reason: "leaves and their example counts do not match \(examplesFileName)")
        }
        var model = QAModel(parameters: parameters)
        for leaf in leafOrder {
            try model.setExamples(grouped[leaf] ?? [], forLeaf: leaf)
        }
        return model
    }
}
