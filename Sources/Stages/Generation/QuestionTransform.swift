/// The documented, seeded rewrites that turn a seed question into variants. Each is small
/// and meaning-preserving; a variant applies one to five of them (see ``QuestionRewriter``).
/// The raw values are what `metadata.transforms` records.
public enum QuestionTransform: String, CaseIterable, Sendable {
    /// `What is the X of Y?` → `The X of Y is what?` (a question word followed by
    /// `is/are/was/were`), or `Given A, what is B?` → `What is B, given A?` (two clauses).
    case questionWordReorder = "question_word_reorder"
    /// Replaces one or more words with a synonym from ``QuestionRewriter/synonyms``
    /// (`big` ↔ `large`), keeping capitalisation and punctuation.
    case synonymSubstitution = "synonym_substitution"
    /// Drops one or more droppable words (`the`, `a`, `an`, `that`, `of`, `really`, …).
    case stopWordDrop = "stop_word_drop"
    /// `Could you tell me …`, `Can you tell me …`, `Please tell me …`, `I would like to know …`.
    case politePrefix = "polite_prefix"
    /// Appends ` Please answer briefly.`, ` Thanks!`, ` I am curious.` or ` Any idea?`.
    case politeSuffix = "polite_suffix"
    /// `Tell me: …`, `Explain: …`, `Question: …`, `Quick question: …`.
    case instructionTemplate = "instruction_template"
    /// Lowercases everything, removes the final `?`, `.` or `!` and collapses whitespace.
    case caseAndPunctuation = "case_punctuation_normalisation"
}

/// A question split at whitespace, each word keeping the punctuation glued to it.
struct QuestionWords {
    struct Word {
        var leading: String
        var core: String
        var trailing: String

        var text: String { leading + core + trailing }
        var lowercasedCore: String { core.lowercased() }
    }

    var words: [Word]

    init(_ text: String) {
        words = text.split(whereSeparator: \.isWhitespace).map { piece in
            let characters = Array(piece)
            let isCore = { (character: Character) in character.isLetter || character.isNumber }
            guard let first = characters.firstIndex(where: isCore),
                let last = characters.lastIndex(where: isCore)
            else {
                return Word(leading: String(piece), core: "", trailing: "")
            }
            return Word(
                leading: String(characters[..<first]), core: String(characters[first...last]),
                trailing: String(characters[(last + 1)...]))
        }
    }

    var text: String { words.map(\.text).joined(separator: " ") }
}

extension String {
    /// The string with its first character uppercased.
    var capitalizingFirst: String { prefix(1).uppercased() + dropFirst() }

    /// The string with its first character lowercased, unless the first word looks like an
    /// acronym or the pronoun `I` (`NASA`, `I`), which keep their case.
    var lowercasingFirstWord: String {
        let firstWord = prefix { !$0.isWhitespace }
        let letters = firstWord.filter(\.isLetter)
        if letters == "I" || (letters.count >= 2 && letters.allSatisfy(\.isUppercase)) { return self }
        return prefix(1).lowercased() + dropFirst()
    }

    /// The string without one final `?`, `.` or `!` (and surrounding whitespace).
    var droppingFinalMark: String {
        var text = Substring(self).trimmingWhitespace
        if let last = text.last, "?.!".contains(last) { text = text.dropLast() }
        return String(text.trimmingWhitespace)
    }
}

extension Substring {
    var trimmingWhitespace: Substring {
        guard let start = firstIndex(where: { !$0.isWhitespace }),
            let end = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return self[start...end]
    }
}

extension String {
    var trimmingWhitespace: String { String(Substring(self).trimmingWhitespace) }
}
