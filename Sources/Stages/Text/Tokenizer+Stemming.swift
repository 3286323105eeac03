/// Stemming, on a word's letters: its ASCII bytes, or its scalars when it has others.
extension Tokenizer {
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
        guard stem(&scalars) else { return word }
        var string = String()
        string.unicodeScalars.append(contentsOf: scalars)
        return string
    }

    /// Stems `letters` in place; returns whether anything changed.
    static func stem<Letter: StemLetter>(_ letters: inout [Letter]) -> Bool {
        guard letters.count > 3 else { return false }
        let original = letters.count
        func ends(_ suffix: StaticString) -> Bool {
            let count = suffix.utf8CodeUnitCount
            guard letters.count > count else { return false }
            let tail = letters.count - count
            for offset in 0..<count where letters[tail + offset] != Letter(ascii: suffix.utf8Start[offset]) {
                return false
            }
            return true
        }
        func hasVowel(droppingLast count: Int) -> Bool {
            letters.dropLast(count).contains { $0.isVowel || $0 == Letter(ascii: UInt8(ascii: "y")) }
        }
        var changed = false
        if ends("sses") {
            letters.removeLast(2)
        } else if ends("ies") {
            if letters.count > 4 {
                letters.removeLast(3)
                letters.append(Letter(ascii: UInt8(ascii: "y")))
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
        } else if ends("s"), !Letter.isOneOf(letters[letters.count - 2], "sui") {
            letters.removeLast()
        }
        if letters.count > 3, letters.last == Letter(ascii: UInt8(ascii: "e")) { letters.removeLast() }
        return changed || letters.count != original
    }

    private static func undouble<Letter: StemLetter>(_ letters: inout [Letter]) {
        guard letters.count >= 2 else { return }
        let last = letters[letters.count - 1]
        if last == letters[letters.count - 2], !last.isVowel, !Letter.isOneOf(last, "lsz"), last.isAlphabetic {
            letters.removeLast()
        }
    }
}

/// A letter the stemmer reads: a byte of an ASCII word, or a scalar of any other word.
protocol StemLetter: Equatable {
    init(ascii: UInt8)
    /// Unicode's `Alphabetic` property.
    var isAlphabetic: Bool { get }
}

extension StemLetter {
    var isVowel: Bool { Self.isOneOf(self, "aeiou") }

    static func isOneOf(_ letter: Self, _ letters: StaticString) -> Bool {
        (0..<letters.utf8CodeUnitCount).contains { letter == Self(ascii: letters.utf8Start[$0]) }
    }
}

extension UInt8: StemLetter {
    init(ascii: UInt8) { self = ascii }
    /// In ASCII only the letters are alphabetic.
    var isAlphabetic: Bool { (0x61...0x7A).contains(self) || (0x41...0x5A).contains(self) }
}

extension Unicode.Scalar: StemLetter {
    init(ascii: UInt8) { self.init(ascii) }
    var isAlphabetic: Bool { properties.isAlphabetic }
}
