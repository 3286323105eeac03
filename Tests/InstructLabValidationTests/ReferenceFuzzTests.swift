import Foundation
import InstructLabValidation
import TestSupport
import Testing

/// Seeded random mutations of real leaves (LeafFuzzTests' mutator), each given to the
/// real references and to modelbuild: the same verdict on every one.
///
/// `MODELBUILD_REFERENCE_FUZZ_ITERATIONS=2000 swift test --filter ReferenceFuzzTests` runs
/// more; `MODELBUILD_FUZZ_SEED` picks another seed.
@Suite(.enabled(if: TaxonomyReference.isInstalled, Comment(rawValue: TaxonomyReference.skipReason)))
struct ReferenceFuzzTests {
    static let iterations = LeafFuzzTests.environment["MODELBUILD_REFERENCE_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 40

    @Test(arguments: TaxonomyReference.Mode.allCases)
    func mutatedLeavesGetTheReferencesVerdict(_ mode: TaxonomyReference.Mode) async throws {
        let seeds = try LeafFuzzTests.seeds().filter { $0.path.hasSuffix("/qna.yaml") }
        var random = SeededRandom(seed: LeafFuzzTests.seed)
        try await withTemporaryDirectory { root in
            var files: [String] = []
            for iteration in 0..<Self.iterations {
                let seed = seeds[iteration % seeds.count]
                let folder = seed.path.split(separator: "/").dropLast().joined(separator: "/") + "/fuzz\(iteration)"
                let url = root.appendingPathComponent(folder)
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
                try Data(LeafFuzzTests.mutate(seed.bytes, with: &random)).write(to: url.appendingPathComponent("qna.yaml"))
                try Data("Title: fuzz\n".utf8).write(to: url.appendingPathComponent("attribution.txt"))
                files.append(folder + "/qna.yaml")
            }
            let verdicts = try await TaxonomyReference.verdicts(mode, root: root, files: files)
            let validator = LeafValidator(options: ReferenceDifferentialTests.options(mode))
            var found: [String] = []
            for verdict in verdicts {
                let leaf = try FixtureLeaves.leaf(at: root.appendingPathComponent(verdict.path), root: root)
                let report = validator.validate(leaf)
                if report.isValid != verdict.isValid {
                    let bytes = leaf.bytes.map { String(format: "%02x", $0) }.joined()
                    found.append("\(verdict.path): ours \(report.isValid) \(report.diagnostics.map(\.description)); reference \(verdict.isValid) \(verdict.errors) \(verdict.exception ?? "") bytes \(bytes)")
                }
            }
            #expect(found.isEmpty, "\(found.count) of \(files.count) disagree:\n\(found.joined(separator: "\n"))")
        }
    }
}
