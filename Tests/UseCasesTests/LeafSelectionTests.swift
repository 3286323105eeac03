import Testing
@testable import UseCases

/// `taxonomy.exclude` patterns: a glob names a leaf, or a folder above it.
@Suite struct LeafSelectionTests {
    @Test(arguments: [
        ("knowledge/legacy/**", "knowledge/legacy/a/b", true),
        ("knowledge/legacy", "knowledge/legacy/a/b", true),
        ("knowledge/legacy", "knowledge/legacy_new/a", false),
        ("**/empty", "compositional_skills/drafts/empty", true),
        ("compositional_skills/*/poem", "compositional_skills/writing/poem", true),
        ("compositional_skills/*/poem", "compositional_skills/writing/poems", false),
        ("knowledge", "compositional_skills/knowledge", false),
    ])
    func excludePatterns(pattern: String, path: String, matches: Bool) {
        #expect(LeafSelection.matches(pattern, path) == matches)
    }
}
