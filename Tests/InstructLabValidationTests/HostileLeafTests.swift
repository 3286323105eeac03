import InstructLabValidation
import Testing
import TestSupport

/// Hostile leaves end in a clear error on that leaf, never a crash or a blow-up.
@Suite struct HostileLeafTests {
    static let path = "knowledge/hostile/qna.yaml"
    let validator = LeafValidator()

    func report(_ bytes: [UInt8], path: String = path) -> LeafReport {
        validator.validate(LeafSource(path: path, bytes: bytes, siblings: SiblingFiles(names: ["attribution.txt"])))
    }

    @Test func billionLaughsIsRefusedByExpandedSize() {
        var yaml = "version: 3\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for level in 1...9 {
            let previous = Character(UnicodeScalar(UInt8(ascii: "a") + UInt8(level - 1)))
            let name = Character(UnicodeScalar(UInt8(ascii: "a") + UInt8(level)))
            yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        let report = report(Array(yaml.utf8))
        #expect(!report.isValid)
        #expect(report.errors.contains { $0.message.contains("billion laughs") && $0.check == .yaml })
    }

    @Test func aFiftyMegabyteLeafIsRefusedBeforeParsing() {
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 50 * 1024 * 1024)
        let report = report(bytes)
        #expect(report.diagnostics.count == 1)
        #expect(report.errors.first?.check == .file)
        #expect(report.errors.first?.message ==
            "The file is 52428800 bytes, over the limit of 2097152 bytes for a taxonomy leaf; refused without parsing")
    }

    @Test func invalidUTF8IsRefusedWithItsPlace() {
        let bytes = Array("version: 3\ncreated_by: ab".utf8) + [0xFF, 0xFE] + Array("\n".utf8)
        let report = report(bytes)
        #expect(report.diagnostics.map(\.description) == [
            "ERROR: \(Self.path):2:15 The file is not valid UTF-8: byte 0xFF at offset 25 cannot be decoded"
        ])
    }

    @Test func binaryContentIsAnError() {
        var generator = SeededRandom(seed: 7)
        let bytes = (0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        #expect(!report(bytes).isValid)
        let nulls = Array("version: 3\n".utf8) + [0, 0, 0] + Array("\n".utf8)
        let nullReport = report(nulls)
        #expect(!nullReport.isValid)
        #expect(nullReport.errors.first?.message.contains("control characters are not allowed") == true)
    }

    @Test func deepNestingIsRefused() {
        let yaml = "version: 3\nseed_examples: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n"
        let report = report(Array(yaml.utf8))
        #expect(report.errors.contains { $0.message.contains("nesting is deeper than the limit") })
    }

    @Test func aliasesInSeedExamplesStayCheap() {
        // Thousands of aliases of one large example: uniqueness is decided by identity.
        var yaml = "version: 3\ncreated_by: x\ntask_description: t\nseed_examples:\n  - &e {question: q, answer: '\(String(repeating: "a", count: 10_000))'}\n"
        yaml += String(repeating: "  - *e\n", count: 20_000)
        let report = report(Array(yaml.utf8), path: "compositional_skills/hostile/qna.yaml")
        let errors = report.errors
        #expect(errors.count == 1)
        #expect(errors.first?.message.hasSuffix("has non-unique elements") == true)
        #expect((errors.first?.message.count ?? 0) <= 200)
    }
}
