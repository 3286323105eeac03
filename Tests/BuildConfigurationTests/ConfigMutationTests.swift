import Foundation
import Testing
import TestSupport
import YAML
@testable import BuildConfiguration

/// Hundreds of damaged builds.yaml files: the loader never crashes or hangs, and always
/// answers with a valid configuration or located errors inside the file.
@Suite struct ConfigMutationTests {
    enum Mutation: CaseIterable {
        case deleteLine, duplicateLine, swapLines, reindentLine, randomBytes, truncate, deleteCharacter,
            insertPunctuation
    }

    static func mutate(_ text: String, _ mutation: Mutation, _ random: inout SeededRandom) -> [UInt8] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let line = Int.random(in: 0..<lines.count, using: &random)
        switch mutation {
        case .deleteLine:
            lines.remove(at: line)
        case .duplicateLine:
            lines.insert(lines[line], at: line)
        case .swapLines:
            lines.swapAt(line, Int.random(in: 0..<lines.count, using: &random))
        case .reindentLine:
            let indent = String(repeating: " ", count: Int.random(in: 0...7, using: &random))
            lines[line] = indent + lines[line].drop { $0 == " " }
        case .randomBytes:
            var bytes = Array(text.utf8)
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            return bytes
        case .truncate:
            return Array(Array(text.utf8).prefix(Int.random(in: 0..<text.utf8.count, using: &random)))
        case .deleteCharacter:
            guard !lines[line].isEmpty else { break }
            var characters = Array(lines[line])
            characters.remove(at: Int.random(in: 0..<characters.count, using: &random))
            lines[line] = String(characters)
        case .insertPunctuation:
            var characters = Array(lines[line])
            let punctuation: [Character] = [":", "-", "[", "{", "&", "*", "!", "\"", "'", "\t", "#", "|"]
            characters.insert(
                punctuation.randomElement(using: &random)!,
                at: Int.random(in: 0...characters.count, using: &random))
            lines[line] = String(characters)
        }
        return Array(lines.joined(separator: "\n").utf8)
    }

    @Test(arguments: 0..<8)
    func mutatedConfigsAnswerWithLocatedErrorsOrLoad(batch: Int) {
        var random = SeededRandom(seed: UInt64(batch))
        let loader = BuildConfigLoader(plugins: PluginCatalog(names: ["safety-scan"]), defaultWorkers: 2)
        let lineCount = validConfig.split(separator: "\n", omittingEmptySubsequences: false).count
        var loaded = 0, refused = 0
        for index in 0..<100 {
            let mutation = Mutation.allCases[index % Mutation.allCases.count]
            let bytes = Self.mutate(validConfig, mutation, &random)
            do {
                let config = try loader.load(bytes, file: "builds.yaml")
                #expect(!config.stages.isEmpty)
                loaded += 1
            } catch {
                refused += 1
                #expect(!error.diagnostics.isEmpty, "batch \(batch) input \(index): no diagnostic")
                for diagnostic in error.diagnostics {
                    #expect(diagnostic.location.file == "builds.yaml")
                    #expect((1...lineCount + 1).contains(diagnostic.location.line), "\(diagnostic)")
                    #expect(diagnostic.location.column >= 1, "\(diagnostic)")
                    #expect(!diagnostic.message.isEmpty)
                }
            }
        }
        #expect(loaded + refused == 100)
        #expect(refused > 0)
    }
}
