import Foundation
import Platform
import TestSupport
import Testing

@testable import Stages

/// Loading a model beside another that shares leaves (a candidate and its base) takes the
/// shared leaves' examples instead of parsing their lines again, and gives the same model
/// and the same refusals as loading it alone.
@Suite struct ModelLineRunsTests {
    let generator = DatasetGenerator(options: GenerationOptions(variantsPerQuestion: 2, seed: 11))

    /// A base model of every synthetic leaf but git, and a model trained on top of it:
    /// birds changed, units removed, git added.
    func models(in directory: URL) throws -> (base: URL, model: URL) {
        let base = try QAModel(training: try generator.generate(Array(SyntheticTaxonomy.leaves.dropLast())))
        var model = base
        try model.update(
            with: try generator.generate([IncrementalTrainingTests.oldBirds, SyntheticTaxonomy.git]),
            removedLeaves: [SyntheticTaxonomy.units.path])
        let baseURL = directory.appendingPathComponent("base")
        let modelURL = directory.appendingPathComponent("model")
        try base.write(to: baseURL)
        try model.write(to: modelURL)
        return (baseURL, modelURL)
    }

    @Test func aModelLoadedBesideAnotherIsTheModelLoadedAlone() async throws {
        try await withTemporaryDirectory { directory in
            let (base, model) = try models(in: directory)
            let (loaded, runs) = try QAModel.load(from: model, reusing: nil)
            #expect(loaded == (try QAModel.load(from: model)))
            let reloaded = try QAModel.load(from: base, reusing: runs).model
            #expect(reloaded == (try QAModel.load(from: base)))
            // Both ways round.
            let (baseAlone, baseRuns) = try QAModel.load(from: base, reusing: nil)
            #expect(try QAModel.load(from: model, reusing: baseRuns).model == loaded)
            #expect(baseAlone == reloaded)
        }
    }

    @Test func onlyLeavesWithTheSameBytesAreTaken() async throws {
        try await withTemporaryDirectory { directory in
            let (base, model) = try models(in: directory)
            let runs = try QAModel.load(from: model, reusing: nil).runs
            let config = try ModelConfig.read(from: base)
            let lines = try config.examplesLines(in: base)
            let ranges = ModelLineRuns.ranges(of: config, lineCount: lines.count)
            let taken = runs.examples(for: ranges, of: lines)
            // Shared: capitals, orders and moon; not birds (changed) nor units (gone from the
            // model).
            let takenLeaves = Set(taken.map { range in ranges.first { $0.range == range.range }!.leaf })
            #expect(takenLeaves == Set(config.leaves.map(\.leaf)).subtracting([
                SyntheticTaxonomy.birds.path, SyntheticTaxonomy.units.path,
            ]))
        }
    }

    /// A damaged line of a leaf the other model holds intact is parsed, and refused as alone.
    @Test func aDamagedSharedLeafIsRefusedAsAlone() async throws {
        try await withTemporaryDirectory { directory in
            let (base, model) = try models(in: directory)
            let runs = try QAModel.load(from: model, reusing: nil).runs
            let examplesURL = base.appendingPathComponent("examples.jsonl")
            let configURL = base.appendingPathComponent("config.json")
            let original = try Data(contentsOf: examplesURL)
            var lines = original.split(separator: UInt8(ascii: "\n")).map(Array.init)
            lines[1] = Array(#"{"answer":"\q"}"#.utf8)
            let tampered = Array(lines.joined(separator: [UInt8(ascii: "\n")])) + [UInt8(ascii: "\n")]
            try Data(tampered).write(to: examplesURL)
            try String(contentsOf: configURL, encoding: .utf8)
                .replacingOccurrences(of: SHA256Digest.hex(Array(original)), with: SHA256Digest.hex(tampered))
                .write(to: configURL, atomically: true, encoding: .utf8)
            let expected = ModelError.malformedExample(
                path: examplesURL.path, line: 2, reason: #"not valid JSON (line 1, column 12: unknown escape \q in a string)"#)
            #expect(throws: expected) { try QAModel.load(from: base) }
            #expect(throws: expected) { try QAModel.load(from: base, reusing: runs) }
        }
    }
}

/// A base model's leaves kept for training are its lines each ending in a newline, whether
/// they are a slice of a canonical file or gathered from one with blank lines and no final
/// newline.
@Suite struct StoredPartsTests {
    @Test func keptLinesAreTheSameFromAnUnusualFile() async throws {
        let generator = DatasetGenerator(options: GenerationOptions(variantsPerQuestion: 2, seed: 5))
        let model = try QAModel(training: try generator.generate(SyntheticTaxonomy.leaves))
        try await withTemporaryDirectory { directory in
            try model.write(to: directory)
            let canonical = try QAModel.storedParts(in: directory)
            let examplesURL = directory.appendingPathComponent("examples.jsonl")
            let configURL = directory.appendingPathComponent("config.json")
            let original = try Data(contentsOf: examplesURL)
            var lines = original.split(separator: UInt8(ascii: "\n")).map(Array.init)
            lines.insert([], at: 3)
            let unusual = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
            try Data(unusual).write(to: examplesURL)
            try String(contentsOf: configURL, encoding: .utf8)
                .replacingOccurrences(of: SHA256Digest.hex(Array(original)), with: SHA256Digest.hex(unusual))
                .write(to: configURL, atomically: true, encoding: .utf8)
            let kept = try QAModel.storedParts(in: directory)
            #expect(kept.map(\.leaf) == canonical.map(\.leaf))
            #expect(kept.map { Array($0.lines) } == canonical.map { Array($0.lines) })
            #expect(QAModel.files(of: kept, parameters: model.parameters).map(\.bytes) == model.files().map(\.bytes))
        }
    }
}
