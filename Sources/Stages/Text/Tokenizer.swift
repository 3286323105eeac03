/// Turns text into the terms the lexical model indexes and searches.
///
/// 1. **Words.** The text is lowercased and split into runs of letters, digits and combining
///    marks (Unicode-aware: `Café`, `naïve`, `東京` are words). An apostrophe (`'` or `’`)
///    inside a run stays in it; then a trailing possessive `'s` is dropped and the remaining
///    apostrophes are removed (`bird's` → `bird`, `don't` → `dont`).
/// 2. **Stop words.** Words in ``stopWords`` are dropped: function words and the
///    politeness/instruction words people wrap questions in (`please`, `tell`, `explain`).
///    Question words (`what`, `when`, `where`, `who`, `why`, `how`, `which`) are kept: they
///    tell apart questions about one subject.
/// 3. **Stemming.** Each word goes through ``stem(_:)``, a light suffix stripper.
public struct Tokenizer: Sendable {
    public init() {}

    /// The terms of `text`: words, minus stop words, stemmed.
    public func terms(_ text: String) -> [String] {
        Self.words(text).compactMap { Self.stopWords.contains($0) ? nil : Self.stem($0) }
    }

    /// The lowercased words of `text`, before stop-word removal and stemming.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func finish() {
            if !current.isEmpty {
                let word = cleanApostrophes(String(current))
                if !word.isEmpty { words.append(word) }
                current = String.UnicodeScalarView()
            }
        }
        for scalar in text.lowercased().unicodeScalars {
            if isWordScalar(scalar) {
                current.append(scalar)
            } else if isApostrophe(scalar), !current.isEmpty {
                current.append("'")
            } else {
                finish()
            }
        }
        finish()
        return words
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.isAlphabetic { return true }
        switch properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark:
            return true
        default:
            return false
        }
    }

    private static func isApostrophe(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "'" || scalar == "\u{2019}"
    }

    private static func cleanApostrophes(_ word: String) -> String {
        var word = Substring(word)
        while word.hasSuffix("'") { word = word.dropLast() }
        if word.hasSuffix("'s") { word = word.dropLast(2) }
        return word.filter { $0 != "'" }
    }

    /// Words the model ignores. Small on purpose: articles, auxiliaries, pronouns,
    /// prepositions and conjunctions, and the wrapper words of polite or instruction-style
    /// questions.
    public static let stopWords: Set<String> = [
        "a", "an", "the", "and", "or", "but", "if", "so", "than", "then", "as", "of", "to", "in",
        "on", "at", "by", "for", "with", "from", "into", "about", "is", "are", "was", "were", "be",
        "been", "being", "am", "do", "does", "did", "can", "could", "would", "will", "shall",
        "should", "may", "might", "must", "this", "that", "these", "those", "it", "its", "i", "me",
        "my", "you", "your", "we", "our", "us", "he", "she", "they", "them", "their", "his", "her",
        "there", "please", "tell", "explain", "describe", "know", "like", "thank", "thanks",
        "question", "answer", "briefly", "quick", "curious", "idea", "any", "some", "just", "also",
    ]

    /// A light English suffix stripper, in the spirit of Porter's step 1 but much smaller.
    /// Words of three letters or fewer are left alone. The first rule that applies wins:
    ///
    /// | suffix | becomes | condition                                     | example                |
    /// |--------|---------|-----------------------------------------------|------------------------|
    /// | `sses` | `ss`    |                                               | classes → class        |
    /// | `ies`  | `y`     | word longer than 4                            | berries → berry        |
    /// | `ing`  | –       | stem ≥ 3 letters and has a vowel              | nesting → nest         |
    /// | `ed`   | –       | stem ≥ 3 letters and has a vowel              | hatched → hatch        |
    /// | `ly`   | –       | stem ≥ 4 letters                              | quickly → quick        |
    /// | `s`    | –       | not after `s`, `u` or `i`                     | birds → bird           |
    ///
    /// After `ing`/`ed`, a doubled final consonant other than `l`, `s`, `z` is undoubled
    /// (running → run). Last, a final `e` is dropped when at least three letters remain, so
    /// that `make`, `makes` and `making` meet at `mak`.
    public static func stem(_ word: String) -> String {
        var letters = Array(word)
        guard letters.count > 3 else { return word }
        func ends(_ suffix: String) -> Bool { letters.count > suffix.count && String(letters.suffix(suffix.count)) == suffix }
        func hasVowel(_ stem: ArraySlice<Character>) -> Bool { stem.contains { "aeiouy".contains($0) } }

        if ends("sses") {
            letters.removeLast(2)
        } else if ends("ies") {
            if letters.count > 4 {
                letters.removeLast(3)
                letters.append("y")
            }
        } else if ends("ing"), letters.count - 3 >= 3, hasVowel(letters.dropLast(3)) {
            letters.removeLast(3)
            undouble(&letters)
        } else if ends("ed"), letters.count - 2 >= 3, hasVowel(letters.dropLast(2)) {
            letters.removeLast(2)
            undouble(&letters)
        } else if ends("ly"), letters.count - 2 >= 4 {
            letters.removeLast(2)
        } else if ends("s"), !["s", "u", "i"].contains(letters[letters.count - 2]) {
            letters.removeLast()
        }
        if letters.count > 3, letters.last == "e" { letters.removeLast() }
        return String(letters)
    }

    private static func undouble(_ letters: inout [Character]) {
        guard letters.count >= 2 else { return }
        let last = letters[letters.count - 1]
        if last == letters[letters.count - 2], !"aeioulsz".contains(last), last.isLetter {
            letters.removeLast()
        }
    }
}
