import BuildConfiguration
import Foundation
import Testing
import TestSupport

@testable import UseCases

/// `KeyLog`'s `ingredients.log`: a build's lines are sorted and front-coded, and every
/// reader (explaining a rerun, pruning) gets each key's ingredients back exactly.
@Suite struct KeyLogTests {
    /// The ingredients of instance `index` of a per-leaf stage of `true`.
    static func leaf(_ index: Int, tree: String = "a190fe43dd256817b12e397fb5f07516c176e93d") -> (String, CacheKeyIngredients) {
        let path = "compositional_skills/domain_\(index % 7)/topic_00/leaf_\(String(format: "%05d", index))"
        return ("leaf[\(path)]", CacheKeyIngredients(implementation: "command true", taxonomy: ["leaf " + path: tree], baseModel: "none"))
    }

    static func record(_ indices: Range<Int>, in state: URL, tree: String = "a190fe43dd256817b12e397fb5f07516c176e93d") throws {
        var log = KeyLog.load(state: state.path)
        for index in indices {
            let (job, ingredients) = leaf(index, tree: tree)
            log.record(job, key: ingredients.key, ingredients)
        }
        try log.save()
    }

    @Test func aBuildsLinesAreFrontCodedAndReadBackExactly() async throws {
        try await withTemporaryDirectory { state in
            try Self.record(0..<300, in: state)
            // A second build: new leaves, and new trees for some old ones.
            try Self.record(250..<400, in: state, tree: String(repeating: "b", count: 40))
            let log = KeyLog.load(state: state.path)
            for index in 0..<400 {
                let tree = index < 250 ? "a190fe43dd256817b12e397fb5f07516c176e93d" : String(repeating: "b", count: 40)
                let (job, ingredients) = Self.leaf(index, tree: tree)
                #expect(log[job] == ingredients, "\(job)")
            }
            let text = try String(contentsOf: state.appendingPathComponent("ingredients.log"), encoding: .utf8)
            let lines = text.split(separator: "\n")
            #expect(lines.count == 450)
            // Each build's first line is whole; the others carry their leaf's end and tree.
            #expect(lines.filter { $0.hasPrefix("{") }.count == 2)
            #expect(text.utf8.count / lines.count < 80, "\(text.utf8.count / lines.count) bytes a line")
        }
    }

    @Test func theKeysFileIsSortedFrontCodedAndReplacesAnOlderKeysJSON() async throws {
        try await withTemporaryDirectory { state in
            let old = ["train": "k-train", "validate": "k-validate"]
            try JSONEncoder().encode(old).write(to: state.appendingPathComponent("keys.json"))
            #expect(try KeyLog.recordedKeys(state: state.path) == ["k-train", "k-validate"])
            try Self.record(0..<300, in: state)
            #expect(!FileManager.default.fileExists(atPath: state.appendingPathComponent("keys.json").path))
            let expected = Set((0..<300).map { Self.leaf($0).1.key }).union(old.values)
            #expect(try KeyLog.recordedKeys(state: state.path) == expected)
            let text = try String(contentsOf: state.appendingPathComponent("keys.txt"), encoding: .utf8)
            let lines = text.split(separator: "\n")
            #expect(lines.count == 302)
            #expect(lines.last == "validate\tk-validate")
            // Each line is its key in base64 and little more.
            #expect(text.utf8.count / lines.count < 60, "\(text.utf8.count / lines.count) bytes a line")
            let digest = String(repeating: "ab", count: 32)
            #expect(KeyLog.compact(digest) == "=" + Data(repeating: 0xab, count: 32).base64EncodedString().dropLast())
            #expect(KeyLog.expand(KeyLog.compact(digest)) == digest)
            #expect(KeyLog.compact("k-train") == "k-train" && KeyLog.compact(digest.uppercased()) == digest.uppercased())
            // A damaged file stops pruning instead of passing for no keys.
            try Data("leaf[a]\n".utf8).write(to: state.appendingPathComponent("keys.txt"))
            #expect(throws: StateFileError.self) { try KeyLog.recordedKeys(state: state.path) }
        }
    }

    @Test func aLineCutShortByACrashLosesNothingOfTheNextBuild() async throws {
        try await withTemporaryDirectory { state in
            try Self.record(0..<10, in: state)
            let file = state.appendingPathComponent("ingredients.log")
            let handle = try FileHandle(forWritingTo: file)
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(#"{"baseModel":"no"#.utf8))
            try handle.close()
            try Self.record(10..<20, in: state)
            let log = KeyLog.load(state: state.path)
            for index in 0..<20 {
                let (job, ingredients) = Self.leaf(index)
                #expect(log[job] == ingredients, "\(job)")
            }
        }
    }

    @Test func pruningCodesTheKeptLinesAgain() async throws {
        try await withTemporaryDirectory { state in
            try Self.record(0..<100, in: state)
            let kept = Set((0..<100).filter { $0 % 3 == 0 }.map { Self.leaf($0).1.key })
            let prune = try KeyLog.pruneIngredients(state: state.path, keeping: kept, dryRun: false)
            #expect(prune.keptLines == kept.count && prune.removedLines == 100 - kept.count)
            let data = try Data(contentsOf: state.appendingPathComponent("ingredients.log"))
            let lines = KeyLog.ingredientLines(in: data)
            #expect(Set(lines.map(\.key)) == kept)
            #expect(lines.allSatisfy { $0.isWhole })
            for index in stride(from: 0, to: 100, by: 3) {
                let ingredients = Self.leaf(index).1
                #expect(lines.contains { $0.json == ingredients.canonicalEncoding() })
            }
        }
    }
}
