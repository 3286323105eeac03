import Foundation
import Stages
import TestSupport
import Testing

/// The tokenizer's UTF-8 fast path gives every word and term the scalar-by-scalar
/// algorithm gave (`ReferenceTokenizer`), on real taxonomy text and on crafted Unicode, so
/// no index, score or answer moves.
@Suite struct TokenizerSamenessTests {
    /// Text the fast path's edges live in: accents (precomposed and combining), CJK,
    /// uppercase outside ASCII (one that lowercases to two scalars, one to ASCII), digits
    /// of other scripts, apostrophes of both kinds in every position, punctuation, emoji,
    /// and stemmer suffixes after non-ASCII letters.
    static let crafted = [
        "Café naïve Ångström ÉCOLE Ça Ÿ", "cafe\u{301} nai\u{308}ve A\u{30A}ngstro\u{308}m", "東京タワーは333メートルです。",
        "İstanbul DİYARBAKIR ΣΊΣΥΦΟΣ ΌΣΟΣ straße STRASSE ǅemal", "\u{212A}elvin \u{212B}ngstrom ﬁne ﬀ",
        "٣٤٥ ۱۲۳ ①②③ Ⅻ ½ २०२६", "bird's birds' 's ' '' don't rock'n'roll o’clock ’tis cats’ X'S",
        "résumés naïvely façades Ünïcödé’s ÖLÇÜLÜYORLAR crème brûlée’s", "a—b–c…d «e» „f“ ‹g› 【h】 i·j k/l m\\n",
        "emoji 👩‍🔬 flags 🇫🇷 keycap 1️⃣ ❤️ x\u{200D}y z\u{FE0F}", "tab\tnew\nline\r\ncarriage\u{0085}next\u{2028}sep",
        "SSES classes BERRIES ties nesting RUNNING hatched quickly analysis status", "ñing ñed ély ées ïes ßs",
        "Ⓐⓑ ㎏ ℃ ℵ ǈ ǋ ῼ Ꭰ ꭰ 𐐀𐐨 𝐀𝐁", "mixed1234abc ABC123def 12.5kg 1,000,000 v2.0-rc1 user@example.com",
        "", " ", "'", "’", "''s", "s's", "Ò'S", "ab'", "'ab", "a'b's'", "ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ",
    ]

    /// Every text file of the InstructLab fixtures and of this project's sample taxonomy.
    static func realTexts() throws -> [(path: String, text: String)] {
        let roots = [
            InstructLabFixtures.root,
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../samples"),
        ]
        var texts: [(String, String)] = []
        for root in roots {
            let enumerator = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
            for case let url as URL in enumerator where ["yaml", "md", "txt"].contains(url.pathExtension) {
                texts.append((url.path, try String(contentsOf: url, encoding: .utf8)))
            }
        }
        return texts
    }

    @Test(arguments: crafted)
    func craftedTextTokenisesAsTheReference(text: String) {
        #expect(Tokenizer.words(text) == ReferenceTokenizer.words(text))
        #expect(Tokenizer().terms(text) == ReferenceTokenizer.terms(text))
    }

    @Test func realTaxonomyTextTokenisesAsTheReference() throws {
        let texts = try Self.realTexts()
        #expect(texts.count > 20)
        var words = 0
        for (path, text) in texts {
            // Whole files, then line by line (each line a question-sized text).
            for piece in [text] + text.split(separator: "\n").map(String.init) {
                #expect(Tokenizer.words(piece) == ReferenceTokenizer.words(piece), "\(path): \(piece.prefix(80))")
                #expect(Tokenizer().terms(piece) == ReferenceTokenizer.terms(piece), "\(path): \(piece.prefix(80))")
            }
            words += Tokenizer.words(text).count
        }
        #expect(words > 5000)
    }

    /// An index reads a question and its context as one text joined by a newline; read
    /// apart, they give the same terms, so one reading (`QuestionTerms`) serves every index.
    @Test func aQuestionAndItsContextReadApartAsJoined() throws {
        let lines = try Self.realTexts().flatMap { $0.text.split(separator: "\n").map(String.init) } + Self.crafted
        #expect(lines.count > 1000)
        let tokenizer = Tokenizer()
        for (question, context) in zip(lines, lines.dropFirst()) {
            #expect(tokenizer.terms(question + "\n" + context) == tokenizer.terms(question) + tokenizer.terms(context))
        }
    }

    /// Stop words are found by their packed bytes as by their Strings: every one, and
    /// words one letter off them.
    @Test func stopWordsAreFoundByTheirPackedBytesAsByTheirStrings() {
        let words = Tokenizer.stopWords.sorted() + ["whats", "abouts", "th", "thes", "questions", "ab", "i9", "0", "describer"]
        for word in words {
            #expect(Tokenizer().terms(word).isEmpty == Tokenizer.stopWords.contains(word), "\(word)")
        }
    }

    /// Every word of the real texts and of the crafted ones, stemmed on its own.
    @Test func stemsAsTheReference() throws {
        let words = Set((try Self.realTexts().map(\.text) + Self.crafted).flatMap(Tokenizer.words))
        for word in words {
            #expect(Tokenizer.stem(word) == ReferenceTokenizer.stem(word), "\(word)")
        }
    }
}
