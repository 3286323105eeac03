import Stages
import Testing

/// `AnswerScoring.tokens` on UTF-8 bytes gives every token the String-and-Character
/// normalisation gave (`ReferenceAnswerScoring`), on real taxonomy text and on crafted
/// Unicode, so no score moves.
@Suite struct AnswerScoringSamenessTests {
    /// Where the byte path's edges are: every ASCII byte, whitespace of every kind beside
    /// combining marks, prepended marks and joiners (where grapheme clusters, not scalars,
    /// decide the split), uppercase that lowercases to two scalars or to ASCII, Unicode
    /// punctuation and symbols, and articles in every case.
    static let crafted =
        TokenizerSamenessTests.crafted + [
            String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self),
            "a \u{301}b", "a\u{301} b", "x \u{200D} y", "\u{0600} y", "x\u{0600} y", "x\u{0600}\u{A0}y", "e\u{301}\u{A0}z",
            "\u{A0}\u{301}", "a\u{A0}b\u{2003}c\u{3000}d\u{85}e\u{2028}f", "\r\n\u{301}", "tab\t\u{301}x", "\u{301} lead",
            "x. \u{301}y", "x\u{301}. y", "THE An A tHe aN", "The\u{301} a\u{308} an", "İSTANBUL İ", "\u{212A}\u{212B}",
            "Σ ΣΑΣ ς", "\u{1FEF}`\u{37E};", "“quoted” ‘single’ «guillemets» ¿qué? ¡sí!", "x\u{1F3FB} \u{1F44D}\u{1F3FD}",
            "ग्राम \u{94D} क", "한국어 \u{1100}\u{1161}\u{11A8}", "\u{1F1EB}\u{1F1F7} \u{1F1E9}",
        ]

    @Test(arguments: crafted)
    func craftedTextNormalisesAsTheReference(text: String) {
        #expect(AnswerScoring.tokens(text) == ReferenceAnswerScoring.tokens(text))
    }

    @Test func realTaxonomyTextNormalisesAsTheReference() throws {
        let texts = try TokenizerSamenessTests.realTexts()
        #expect(texts.count > 20)
        var tokens = 0
        for (path, text) in texts {
            for piece in [text] + text.split(separator: "\n").map(String.init) {
                #expect(AnswerScoring.tokens(piece) == ReferenceAnswerScoring.tokens(piece), "\(path): \(piece.prefix(80))")
            }
            tokens += AnswerScoring.tokens(text).count
        }
        #expect(tokens > 5000)
    }

    /// Token F1 between neighbouring lines and files of real text (short answers, and
    /// texts long enough for the table of counts), and between texts whose tokens are
    /// equal only canonically (`é` and `e` with a combining accent), as the reference.
    @Test func f1CountsCommonTokensAsTheReference() throws {
        let files = try TokenizerSamenessTests.realTexts().map(\.text)
        let lines = files.flatMap { $0.split(separator: "\n").map(String.init) }
        #expect(lines.count > 1000)
        let pairs =
            Array(zip(lines, lines.dropFirst())) + Array(zip(files, files.dropFirst()))
            + [("café cafe\u{301} b b a", "cafe\u{301} b café x"), ("x y x y", "y x y y x")]
        for (prediction, reference) in pairs {
            #expect(
                AnswerScoring.f1(prediction: prediction, reference: reference)
                    == ReferenceAnswerScoring.f1(prediction: prediction, reference: reference),
                "\(prediction.prefix(80)) / \(reference.prefix(80))")
        }
    }

    /// Every pair of scalars from a set that covers each class the byte path tells apart,
    /// between ASCII letters and alone.
    @Test func everyPairOfScalarClassesNormalisesAsTheReference() {
        let scalars: [String] = [
            "a", "A", "1", " ", "\t", "\n", "\r", ".", "'", "\u{1F}", "\u{7F}", "\u{85}", "\u{A0}", "\u{2003}", "\u{2028}",
            "\u{301}", "\u{200D}", "\u{0600}", "\u{903}", "é", "É", "İ", "ß", "東", "—", "«", "\u{FE0F}", "👍", "\u{1F3FB}",
        ]
        for first in scalars {
            for second in scalars {
                for text in [first + second, "x" + first + second + "y", "the " + first + second + " an"] {
                    #expect(AnswerScoring.tokens(text) == ReferenceAnswerScoring.tokens(text), "\(text.unicodeScalars.map(\.value))")
                }
            }
        }
    }
}
