import Stages

/// The tokenizer as it was before its UTF-8 fast path (commit 05ef5e7), scalar by scalar
/// and string by string: the reference `TokenizerSamenessTests` holds the fast one to.
/// Kept short and obvious on purpose; the rules are documented on `Tokenizer`.
enum ReferenceTokenizer {
    static func terms(_ text: String) -> [String] {
        words(text).compactMap { word in
            Tokenizer.stopWords.contains(word) ? nil : stem(word)
        }
    }

    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current: [Unicode.Scalar] = []
        func finish() {
            while current.last == "'" { current.removeLast() }
            if current.count >= 2, current[current.count - 2] == "'", current.last == "s" { current.removeLast(2) }
            current.removeAll { $0 == "'" }
            if !current.isEmpty { words.append(string(current)) }
            current.removeAll()
        }
        for scalar in text.unicodeScalars {
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
        finish()
        return words
    }

    static func stem(_ word: String) -> String {
        var letters = Array(word.unicodeScalars)
        guard letters.count > 3 else { return word }
        func ends(_ suffix: String) -> Bool {
            let tail = suffix.unicodeScalars
            return letters.count > tail.count && letters.suffix(tail.count).elementsEqual(tail)
        }
        func hasVowel(droppingLast count: Int) -> Bool {
            letters.dropLast(count).contains { isVowel($0) || $0 == "y" }
        }
        if ends("sses") {
            letters.removeLast(2)
        } else if ends("ies") {
            if letters.count > 4 {
                letters.removeLast(3)
                letters.append("y")
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
        return string(letters)
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

    private static func string(_ scalars: [Unicode.Scalar]) -> String {
        var string = String()
        string.unicodeScalars.append(contentsOf: scalars)
        return string
    }
}
