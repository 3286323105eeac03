import Testing
@testable import UseCases

/// `deps:` globs: `*` and `?` within a path component, `**` across components.
@Suite struct GlobPatternTests {
    @Test(arguments: [
        ("data/*.txt", "data/x.txt", true),
        ("data/*.txt", "data/sub/x.txt", false),
        ("data/**/*.txt", "data/x.txt", true),
        ("data/**/*.txt", "data/a/b/x.txt", true),
        ("data/**", "data/a/b/x.csv", true),
        ("scripts/?.sh", "scripts/a.sh", true),
        ("scripts/?.sh", "scripts/ab.sh", false),
        ("*", "x.txt", true),
        ("a*b*c", "aXXbYYc", true),
        ("a*b*c", "aXXbYY", false),
    ])
    func matches(pattern: String, path: String, expected: Bool) {
        #expect(GlobPattern.matches(pattern.split(separator: "/")[...], path.split(separator: "/")[...]) == expected)
    }
}
