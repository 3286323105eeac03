import Foundation

extension QAModel {
    /// The leaves of the model stored in `directory`, as parts to train on top of.
    ///
    /// A model of this format whose figures this tokenizer counted is cut into its
    /// leaves' runs of lines without parsing one example: `examples.jsonl` is checked
    /// against the config's SHA-256 and count (as ``load(from:)`` does; an edited file is
    /// refused), and the leaves, in canonical order, must account for every line. Any
    /// other readable model (format 1, another tokenizer) is loaded and its parts are
    /// counted again; its leaves record no training data, so all of them are retrained.
    static func storedParts(in directory: URL) throws(ModelError) -> [ModelLeafPart] {
        let config = try ModelConfig.read(from: directory)
        guard let leaves = config.reusableLeaves else {
            return try load(from: directory).parts
        }
        let lines = try config.examplesLines(in: directory)
        var parts: [ModelLeafPart] = []
        var next = 0
        for (leaf, figures) in leaves {
            guard leaf.examples > 0, next + leaf.examples <= lines.count, parts.last.map({ $0.leaf < leaf.leaf }) ?? true
            else { throw config.countsMismatch }
            var bytes: [UInt8] = []
            for line in lines[next..<next + leaf.examples] {
                bytes += line.bytes
                bytes.append(UInt8(ascii: "\n"))
            }
            next += leaf.examples
            parts.append(
                ModelLeafPart(
                    leaf: leaf.leaf, exampleCount: leaf.examples, trainSHA256: leaf.trainSHA256, figures: figures,
                    lines: bytes))
        }
        guard next == lines.count else { throw config.countsMismatch }
        return parts
    }
}
