import Testing

@testable import Stages

/// The index's term table: ids in the order terms are first added, each term found again
/// by its bytes or its String, through growth far past the first table, and terms that
/// share prefixes, bytes or lengths kept apart.
@Suite struct TermVocabularyTests {
    static let terms: [String] =
        (0..<5000).map { "t\($0)" } + ["", "a", "aa", "ab", "ba", "café", "cafe", "東京", "🇫🇷", String(repeating: "x", count: 300)]

    @Test func termsAreNumberedInOrderAndFoundAgain() {
        var vocabulary = TermVocabulary()
        for (position, term) in Self.terms.enumerated() {
            var term = term
            #expect(term.withUTF8 { vocabulary.intern($0) } == Int32(position))
        }
        // Adding a term again gives its id and adds nothing.
        for (position, term) in Self.terms.enumerated().reversed() {
            var term = term
            #expect(term.withUTF8 { vocabulary.intern($0) } == Int32(position))
            #expect(vocabulary.id(of: term) == Int32(position))
        }
        #expect(vocabulary.count == Self.terms.count)
        for missing in ["t5000", "t", "aaa", "b", "caf", "東", "x"] {
            #expect(vocabulary.id(of: missing) == nil, "\(missing)")
        }
    }
}
