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
        var terms: [String] = []
        Self.forEachWord(in: text) { scalars in
            let word = Self.string(scalars)
            guard !Self.stopWords.contains(word) else { return }
            terms.append(Self.stemScalars(&scalars) ? Self.string(scalars) : word)
        }
        return terms
    }

    /// The lowercased words of `text`, before stop-word removal and stemming.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        forEachWord(in: text) { words.append(string($0)) }
        return words
    }

    /// Calls `body` with each word's lowercased scalars. ASCII, the common case, takes a
    /// fast path; other scalars are lowercased with their Unicode lowercase mapping, which
    /// is what `String.lowercased()` does.
    private static func forEachWord(in text: String, _ body: (inout [Unicode.Scalar]) -> Void) {
        var current: [Unicode.Scalar] = []
        current.reserveCapacity(32)
        func finish() {
            while current.last == "'" { current.removeLast() }
            if current.count >= 2, current[current.count - 2] == "'", current.last == "s" { current.removeLast(2) }
            current.removeAll { $0 == "'" }
            if !current.isEmpty { body(&current) }
            current.removeAll(keepingCapacity: true)
        }
        func add(_ scalar: Unicode.Scalar) {
            if scalar.isASCII {
                switch scalar.value {
                case 0x61...0x7A, 0x30...0x39: current.append(scalar)
                case 0x41...0x5A: current.append(Unicode.Scalar(UInt8(scalar.value + 0x20)))
                case 0x27: if !current.isEmpty { current.append("'") }
                default: finish()
                }
            } else if scalar == "\u{2019}" {
                if !current.isEmpty { current.append("'") }
            } else if isWordScalar(scalar) {
                current.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                finish()
            }
        }
        for scalar in text.unicodeScalars { add(scalar) }
        finish()
    }

    private static func string(_ scalars: [Unicode.Scalar]) -> String {
        var string = String()
        string.unicodeScalars.append(contentsOf: scalars)
        return string
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
        var scalars = Array(word.unicodeScalars)
        return stemScalars(&scalars) ? string(scalars) : word
    }

    /// Stems `letters` in place; returns whether anything changed.
    private static func stemScalars(_ letters: inout [Unicode.Scalar]) -> Bool {
        guard letters.count > 3 else { return false }
        let original = letters.count
        func ends(_ suffix: String) -> Bool {
            let tail = suffix.unicodeScalars
            return letters.count > tail.count && letters.suffix(tail.count).elementsEqual(tail)
        }
        func hasVowel(droppingLast count: Int) -> Bool {
            letters.dropLast(count).contains { isVowel($0) || $0 == "y" }
        }
        var changed = false
        if ends("sses") {
            letters.removeLast(2)
        } else if ends("ies") {
            if letters.count > 4 {
                letters.removeLast(3)
                letters.append("y")
                changed = true
            }
        } else if ends("ing"), letters.count - 3 >= 3, hasVowel(droppingLast: 3) {
            letters.removeLast(3)
            undouble(&letters)
        } else if ends("ed"), letters.count - 2 >= 3, hasVowel(droppingLast: 2) {
            letters.removeLast(2)
            undouble(&letters)
        } else if ends("ly"), letters.count - 2 >= 4 {
            letters.removeLast(2)
        } else if ends("s"), !["s", "u", "i"].contains(letters[letters.count - 2]) {
            letters.removeLast()
        }
        if letters.count > 3, letters.last == "e" { letters.removeLast() }
        return changed || letters.count != original
    }

    private static func isVowel(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "a" || scalar == "e" || scalar == "i" || scalar == "o" || scalar == "u"
    }

    private static func undouble(_ letters: inout [Unicode.Scalar]) {
        guard letters.count >= 2 else { return }
        let last = letters[letters.count - 1]
        if last == letters[letters.count - 2], !isVowel(last), !["l", "s", "z"].contains(last),
            last.properties.isAlphabetic
        {
            letters.removeLast()
        }
    }
}
