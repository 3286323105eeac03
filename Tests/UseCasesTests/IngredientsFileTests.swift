import Foundation
import Platform
import Testing
import TestSupport

@testable import UseCases

/// `ingredients.log` read again in one process (each plan of a candidate) reads only what
/// was appended since, and always gives what a whole read of the file gives: after new
/// builds, after a line cut short by a crash, and after pruning replaced the file.
@Suite struct IngredientsFileTests {
    /// Key → JSON, as reading the whole file from its start gives them.
    static func wholeRead(_ path: String) throws -> [String: String] {
        let lines = KeyLog.ingredientLines(in: try Data(contentsOf: URL(fileURLWithPath: path)))
        var read: [String: String] = [:]
        for line in lines where line.isWhole && !line.json.isEmpty && read[line.key] == nil {
            read[line.key] = String(decoding: line.json, as: UTF8.self)
        }
        return read
    }

    static func read(_ path: String) -> [String: String] {
        IngredientsFile.lines(at: path).mapValues(String.init)
    }

    @Test func readingAgainAfterABuildGivesWhatAWholeReadGives() async throws {
        try await withTemporaryDirectory { state in
            let path = state.appendingPathComponent("ingredients.log").path
            try KeyLogTests.record(0..<50, in: state)
            let first = Self.read(path)
            #expect(first == (try Self.wholeRead(path)))
            #expect(first.count == 50)
            try KeyLogTests.record(40..<80, in: state, tree: String(repeating: "c", count: 40))
            let second = Self.read(path)
            #expect(second == (try Self.wholeRead(path)))
            #expect(second.count == 90)
            for index in 40..<80 {
                #expect(second[KeyLogTests.leaf(index, tree: String(repeating: "c", count: 40)).1.key] != nil)
            }
        }
    }

    @Test func aLineCutShortIsLeftOutUntilTheNextBuildEndsIt() async throws {
        try await withTemporaryDirectory { state in
            let path = state.appendingPathComponent("ingredients.log").path
            try KeyLogTests.record(0..<20, in: state)
            _ = Self.read(path)
            // A crash in the middle of a build's append: its first line whole, its second
            // (coded against the first) cut short.
            var lines = FrontCodedLines()
            let jsons = (20..<22).map { KeyLogTests.leaf($0).1.canonicalEncoding() }
            for json in jsons { lines.append(json) }
            let cut = Array(lines.bytes.dropLast(10))
            try FileSystem.append(cut, to: path)
            let crashed = Self.read(path)
            #expect(crashed == (try Self.wholeRead(path)))
            #expect(crashed[KeyLogTests.leaf(20).1.key] != nil)
            #expect(crashed.count == 21)
            // The next build ends the cut line first, then appends its own.
            try KeyLogTests.record(30..<35, in: state)
            let next = Self.read(path)
            #expect(next == (try Self.wholeRead(path)))
            #expect(next.count == 27)
        }
    }

    @Test func aLogReplacedByPruningIsReadAfresh() async throws {
        try await withTemporaryDirectory { state in
            let path = state.appendingPathComponent("ingredients.log").path
            try KeyLogTests.record(0..<10, in: state)
            #expect(Self.read(path).count == 10)
            // Another file at the path, longer than what was read: none of the old keys.
            var lines = FrontCodedLines()
            for index in 100..<130 { lines.append(KeyLogTests.leaf(index).1.canonicalEncoding()) }
            try AtomicFile.write(lines.bytes, to: path)
            let replaced = Self.read(path)
            #expect(replaced == (try Self.wholeRead(path)))
            #expect(replaced.count == 30)
            #expect(replaced[KeyLogTests.leaf(0).1.key] == nil)
        }
    }
}
