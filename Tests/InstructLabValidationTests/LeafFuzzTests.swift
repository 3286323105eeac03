import Foundation
import InstructLabValidation
import TestSupport
import Testing

/// Seeded random mutations of real leaves: whatever the bytes, validation returns a
/// report (valid, or with located diagnostics) and never crashes.
///
/// `MODELBUILD_FUZZ_ITERATIONS=1000000 swift test -c release -Xswiftc -enable-testing --filter LeafFuzzTests`
/// runs a million; `MODELBUILD_FUZZ_SEED` picks another seed.
@Suite struct LeafFuzzTests {
    static let environment = ProcessInfo.processInfo.environment
    static let iterations = environment["MODELBUILD_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 20_000
    static let seed = environment["MODELBUILD_FUZZ_SEED"].flatMap(UInt64.init) ?? 20_261_127

    /// Snippets that steer mutations toward YAML's interesting corners.
    static let snippets: [[UInt8]] = [
        ": ", "- ", "\n", "\r\n", "\t", "  ", "#", "&a ", "*a", "!!str ", "!x ", "<<: ", "{", "}", "[", "]",
        ",", "?", "|", ">", "'", "\"", "---\n", "...\n", "yes", "0x1F", "1_0", ".5", "2024-02-30", "~", "%YAML 1.1\n",
        "\u{FEFF}", "\u{85}", "é", "\\", "=", "version: 1\n", "version: 2\n",
    ].map { Array($0.utf8) } + [[0x00], [0xFF], [0xC3], [0xE2, 0x82], [0x07]]

    static func seeds() throws -> [(path: String, bytes: [UInt8])] {
        let root = InstructLabFixtures.root
        return try (FixtureLeaves.leaves(under: root.appendingPathComponent("schema/testdata"))
            + FixtureLeaves.leaves(under: root.appendingPathComponent("taxonomy-samples")))
            .map { ($0.path.hasSuffix("qna.yaml") ? $0.path : $0.path + "/qna.yaml", $0.bytes) }
    }

    static func mutate(_ input: [UInt8], with random: inout SeededRandom) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0 where !bytes.isEmpty:
                bytes[position] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
            case 1 where !bytes.isEmpty:
                bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...8, using: &random)))
            case 2:
                bytes.insert(contentsOf: snippets.randomElement(using: &random)!, at: position)
            case 3:
                bytes.removeSubrange(position..<bytes.count)
            case 4:
                var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                if lines.count > 1 {
                    let a = Int.random(in: 0..<lines.count, using: &random)
                    let b = Int.random(in: 0..<lines.count, using: &random)
                    lines.swapAt(a, b)
                    bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
                }
            default:
                bytes.insert(UInt8.random(in: 0...255, using: &random), at: position)
            }
        }
        return bytes
    }

    @Test func mutatedLeavesAlwaysGetAReport() throws {
        let seeds = try Self.seeds()
        let validator = LeafValidator()
        var random = SeededRandom(seed: Self.seed)
        var outcomes = (valid: 0, invalid: 0)
        for iteration in 0..<Self.iterations {
            let seed = seeds[iteration % seeds.count]
            let bytes = Self.mutate(seed.bytes, with: &random)
            let report = validator.validate(
                LeafSource(path: seed.path, bytes: bytes, siblings: SiblingFiles(names: ["attribution.txt"])))
            let wellFormed = report.diagnostics.allSatisfy { $0.location.line >= 1 && $0.location.column >= 1 && !$0.message.isEmpty }
            if !wellFormed {
                Issue.record("iteration \(iteration): malformed diagnostics \(report.diagnostics) for \(bytes)")
                return
            }
            if report.isValid { outcomes.valid += 1 } else { outcomes.invalid += 1 }
        }
        print("fuzzed \(Self.iterations) leaves (seed \(Self.seed)): \(outcomes.valid) valid, \(outcomes.invalid) invalid")
        #expect(outcomes.valid + outcomes.invalid == Self.iterations)
        #expect(outcomes.invalid > 0)
    }
}
