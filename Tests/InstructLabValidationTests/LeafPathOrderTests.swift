import InstructLabValidation
import Testing

/// Leaves sort byte by byte in UTF-8, as git orders paths: a folder before its longer
/// siblings, upper case before lower, and a non-ASCII name after every ASCII one.
@Suite struct LeafPathOrderTests {
    @Test func pathsSortByTheirUTF8Bytes() throws {
        let paths = [
            "knowledge/b", "compositional_skills/é", "compositional_skills/a/b", "compositional_skills/a",
            "compositional_skills/Z", "compositional_skills/a-b", "compositional_skills/z", "", "compositional_skills/a/a",
        ]
        let expected = paths.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        #expect(paths.sorted(by: LeafPath.precedes) == expected)
        #expect(
            expected == [
                "", "compositional_skills/Z", "compositional_skills/a", "compositional_skills/a-b",
                "compositional_skills/a/a", "compositional_skills/a/b", "compositional_skills/z",
                "compositional_skills/é", "knowledge/b",
            ])
        let leaves = try paths.filter { !$0.isEmpty }.map { try #require(LeafPath($0)) }
        #expect(leaves.sorted().map(\.text) == Array(expected.dropFirst()))
        #expect(!LeafPath.precedes("a", "a"))
    }
}
