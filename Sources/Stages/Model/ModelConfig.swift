import Foundation
import StageProtocol

/// A model's `config.json` as read back (``QAModel`` writes it; `QAModelFiles.swift` shows
/// its shape), with `examples.jsonl` checked against it.
///
/// Version 1 (written before leaves recorded their data and figures) is still read, so a
/// model published by an older build answers and can be trained on; its leaves are then
/// recounted and retrained, never trusted for figures they do not record.
struct ModelConfig: Sendable {
    /// One `leaves` entry.
    struct Leaf: Sendable {
        var leaf: String
        var examples: Int
        /// Version 2: the SHA-256 of the `train.jsonl` the leaf was trained on, if known.
        var trainSHA256: String?
        /// Version 2: the leaf's share of the index figures.
        var figures: ModelLeafPart.Figures?
    }

    /// Where the config was read from.
    var path: String
    var formatVersion: Int
    var parameters: ModelParameters
    var records: Int
    var examplesSHA256: String
    /// Whether the figures were counted by this build's tokenizer: the recorded
    /// `tokenizer` is this one's.
    var tokenizerIsCurrent: Bool
    /// In file order.
    var leaves: [Leaf]

    /// The formats ``read(from:)`` accepts.
    static let readableVersions = 1...QAModel.formatVersion

    /// The leaves as ``ModelLeafPart``s' entries, when every one records its figures and
    /// they were counted by this tokenizer: what incremental training may keep.
    var reusableLeaves: [(leaf: Leaf, figures: ModelLeafPart.Figures)]? {
        guard tokenizerIsCurrent else { return nil }
        var reusable: [(leaf: Leaf, figures: ModelLeafPart.Figures)] = []
        for leaf in leaves {
            guard let figures = leaf.figures else { return nil }
            reusable.append((leaf, figures))
        }
        return reusable
    }

    /// Reads `config.json` from a model directory. Another format version, another model
    /// name or a malformed field is a typed error naming the file.
    static func read(from directory: URL) throws(ModelError) -> ModelConfig {
        let url = directory.appendingPathComponent(QAModel.configFileName, isDirectory: false)
        return try FileBytes.readDocument(
            url, unreadable: { ModelError.unreadable(path: $0.path, reason: $0.reason) },
            malformed: { ModelError.malformedConfig(path: url.path, reason: $0) },
            parse: { try parse($0, path: url.path) })
    }

    private static func parse(_ bytes: [UInt8], path: String) throws -> ModelConfig {
        let config = try JSONFields(parsing: bytes)
        let version = try config.integer("format_version")
        guard readableVersions.contains(version) else {
            throw ModelError.unsupportedFormatVersion(path: path, found: version, supported: QAModel.formatVersion)
        }
        let name = try config.string("model")
        guard name == QAModel.modelName else {
            throw JSONShapeError(keyPath: "model", reason: "expected \"\(QAModel.modelName)\", found \"\(name)\"")
        }
        let params = try config.object("parameters")
        let parameters = ModelParameters(
            k1: try params.number("k1"), b: try params.number("b"), contextWeight: try params.number("context_weight"))
        let examples = try config.object("examples")
        guard try examples.string("path") == QAModel.examplesFileName else {
            throw JSONShapeError(keyPath: "examples.path", reason: "expected \"\(QAModel.examplesFileName)\"")
        }
        let tokenizer = try config.object("tokenizer")
        let stemmer = try tokenizer.string("stemmer")
        let stopWords = try tokenizer.integer("stop_words")
        let tokenizerIsCurrent = stemmer == QAModel.stemmerName && stopWords == Tokenizer.stopWords.count
        var leaves: [Leaf] = []
        for entry in try config.objects("leaves") {
            var leaf = Leaf(leaf: try entry.string("leaf"), examples: try entry.integer("examples"))
            if version >= 2 {
                leaf.trainSHA256 = try entry.optionalString("train_sha256")
                leaf.figures = ModelLeafPart.Figures(
                    questionTerms: try entry.integer("question_terms"), contexts: try entry.integer("contexts"),
                    contextTerms: try entry.integer("context_terms"), vocabulary: try entry.integer("vocabulary"))
            }
            leaves.append(leaf)
        }
        return ModelConfig(
            path: path, formatVersion: version, parameters: parameters, records: try examples.integer("records"),
            examplesSHA256: try examples.string("sha256"), tokenizerIsCurrent: tokenizerIsCurrent, leaves: leaves)
    }

    /// The lines of the model's `examples.jsonl`, numbered, after checking its SHA-256 and
    /// line count against this config.
    func examplesLines(in directory: URL) throws(ModelError) -> [(number: Int, bytes: ArraySlice<UInt8>)] {
        try examplesFile(in: directory).lines
    }

    /// ``examplesLines(in:)`` with the file's bytes, which the lines are slices of.
    func examplesFile(in directory: URL) throws(ModelError) -> (
        bytes: [UInt8], lines: [(number: Int, bytes: ArraySlice<UInt8>)]
    ) {
        let url = directory.appendingPathComponent(QAModel.examplesFileName, isDirectory: false)
        do {
            return try FileBytes.readRecordedFile(url, sha256: examplesSHA256, records: records)
        } catch {
            switch error {
            case .unreadable(let failure): throw .unreadable(path: failure.path, reason: failure.reason)
            case .digest(let expected, let found): throw .digestMismatch(path: url.path, expected: expected, found: found)
            case .recordCount(let expected, let found):
                throw .recordCountMismatch(path: url.path, expected: expected, found: found)
            }
        }
    }

    /// The error for leaves whose counts do not add up to `examples.jsonl`.
    var countsMismatch: ModelError {
        .malformedConfig(path: path, reason: "leaves and their example counts do not match \(QAModel.examplesFileName)")
    }
}
