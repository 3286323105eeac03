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
        let (file, lines) = try config.examplesFile(in: directory)
        var parts: [ModelLeafPart] = []
        var next = 0
        for (leaf, figures) in leaves {
            guard leaf.examples > 0, next + leaf.examples <= lines.count, parts.last.map({ $0.leaf < leaf.leaf }) ?? true
            else { throw config.countsMismatch }
            let run = lines[next..<next + leaf.examples]
            next += leaf.examples
            // The run as the file holds it, when that is its lines each ending in a newline
            // (no empty line between them, none missing at the end): a slice, not a copy.
            let start = run.first!.bytes.startIndex
            let end = run.last!.bytes.endIndex + 1
            var bytes: ArraySlice<UInt8>
            if end <= file.count, file[end - 1] == UInt8(ascii: "\n"),
                end - start == run.reduce(0, { $0 + $1.bytes.count + 1 })
            {
                bytes = file[start..<end]
            } else {
                bytes = []
                for line in run {
                    bytes += line.bytes
                    bytes.append(UInt8(ascii: "\n"))
                }
            }
            parts.append(
                ModelLeafPart(
                    leaf: leaf.leaf, exampleCount: leaf.examples, trainSHA256: leaf.trainSHA256, figures: figures,
                    lines: bytes))
        }
        guard next == lines.count else { throw config.countsMismatch }
        return parts
    }
}
