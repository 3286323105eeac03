/// A loaded model's `examples.jsonl` cut into its leaves' runs of lines (the config's
/// leaves in file order, with their counts), each with the examples parsed from it, so a
/// second model holding some runs byte for byte (the base model of a model trained on top
/// of it: every leaf but the changed ones) takes their examples instead of parsing again.
struct ModelLineRuns: Sendable {
    /// One leaf's lines and the examples parsed from them, one for one.
    private struct Run: Sendable {
        var lines: ArraySlice<(number: Int, bytes: ArraySlice<UInt8>)>
        var examples: ArraySlice<ModelExample>
    }

    private let runs: [String: Run]

    /// The runs of `ranges` (``ranges(of:lineCount:)``) of a model's `lines` and the
    /// `examples` parsed from them, one a line.
    init(
        _ ranges: [(leaf: String, range: Range<Int>)], lines: [(number: Int, bytes: ArraySlice<UInt8>)],
        examples: [ModelExample]
    ) {
        guard lines.count == examples.count else {
            runs = [:]
            return
        }
        runs = Dictionary(
            ranges.map { ($0.leaf, Run(lines: lines[$0.range], examples: examples[$0.range])) },
            uniquingKeysWith: { first, _ in first })
    }

    /// Each leaf's range of lines in file order, when the config's leaves account for every
    /// line one run after the other; none otherwise (and nothing is reused).
    static func ranges(of config: ModelConfig, lineCount: Int) -> [(leaf: String, range: Range<Int>)] {
        var ranges: [(leaf: String, range: Range<Int>)] = []
        var next = 0
        for leaf in config.leaves {
            guard leaf.examples > 0, next + leaf.examples <= lineCount else { return [] }
            ranges.append((leaf.leaf, next..<next + leaf.examples))
            next += leaf.examples
        }
        return next == lineCount ? ranges : []
    }

    /// The runs among `ranges` of `lines` held here byte for byte, in order, with the
    /// examples their bytes parse to.
    func examples(
        for ranges: [(leaf: String, range: Range<Int>)], of lines: [(number: Int, bytes: ArraySlice<UInt8>)]
    ) -> [(range: Range<Int>, examples: ArraySlice<ModelExample>)] {
        ranges.compactMap { leaf, range in
            guard let run = runs[leaf], run.lines.count == range.count,
                zip(run.lines, lines[range]).allSatisfy({ Self.sameBytes($0.bytes, $1.bytes) })
            else { return nil }
            return (range, run.examples)
        }
    }

    /// Whether two lines are the same bytes, compared eight at a time.
    private static func sameBytes(_ first: ArraySlice<UInt8>, _ second: ArraySlice<UInt8>) -> Bool {
        guard first.count == second.count else { return false }
        return first.withUnsafeBytes { first in
            second.withUnsafeBytes { second in
                var offset = 0
                while offset + 8 <= first.count {
                    guard first.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                        == second.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    else { return false }
                    offset += 8
                }
                return first[offset...].elementsEqual(second[offset...])
            }
        }
    }
}
