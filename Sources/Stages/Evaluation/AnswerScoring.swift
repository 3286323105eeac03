/// SQuAD-style answer scoring, as in the official SQuAD v2.0 evaluation script.
///
/// Normalisation: lowercase; remove punctuation (ASCII punctuation and symbols, plus any
/// Unicode punctuation); remove the articles `a`, `an`, `the` as whole words; collapse
/// whitespace. Exact match compares normalised strings; token F1 is the harmonic mean of
/// precision and recall over the multiset of normalised whitespace-separated tokens. When
/// either side has no tokens, F1 is 1 if both are empty and 0 otherwise.
public enum AnswerScoring {
    /// `text` normalised as above.
    public static func normalize(_ text: String) -> String {
        tokens(text).joined(separator: " ")
    }

    /// The normalised tokens of `text`. Read on UTF-8 bytes (`AnswerScoring+Bytes.swift`)
    /// unless a whitespace scalar touches a non-ASCII one, where grapheme clusters decide
    /// the split.
    public static func tokens(_ text: String) -> [String] {
        var text = text
        return text.withUTF8(tokens(utf8:)) ?? tokensByCharacters(text)
    }

    /// The normalisation as written: lowercase, drop punctuation, split the Characters at
    /// whitespace (a Character is whitespace when its first scalar is), drop articles.
    static func tokensByCharacters(_ text: String) -> [String] {
        var cleaned = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars where !isPunctuation(scalar) {
            cleaned.append(scalar)
        }
        return String(cleaned).split(whereSeparator: \.isWhitespace)
            .map(String.init)
            .filter { !articles.contains($0) }
    }

    /// 1 when the normalised texts are equal, else 0.
    public static func exactMatch(prediction: String, reference: String) -> Double {
        tokens(prediction) == tokens(reference) ? 1 : 0
    }

    /// SQuAD token F1 between a prediction and a reference answer.
    public static func f1(prediction: String, reference: String) -> Double {
        f1(predicted: tokens(prediction), expected: tokens(reference))
    }

    /// Exact match and F1 of already normalised tokens (normalised texts are equal exactly
    /// when their tokens are).
    static func scores(predicted: [String], expected: [String]) -> (exactMatch: Double, f1: Double) {
        (predicted == expected ? 1 : 0, f1(predicted: predicted, expected: expected))
    }

    private static func f1(predicted: [String], expected: [String]) -> Double {
        if predicted.isEmpty || expected.isEmpty { return predicted == expected ? 1 : 0 }
        let common = commonCount(predicted, expected)
        if common == 0 { return 0 }
        let precision = Double(common) / Double(predicted.count)
        let recall = Double(common) / Double(expected.count)
        return 2 * precision * recall / (precision + recall)
    }

    /// How many tokens the two multisets share. Answers are short: each predicted token
    /// takes an equal expected one not yet taken, which counts what a table of counts
    /// would, without building one; longer texts use the table.
    private static func commonCount(_ predicted: [String], _ expected: [String]) -> Int {
        var common = 0
        guard predicted.count * expected.count > 1024 else {
            var taken = [Bool](repeating: false, count: expected.count)
            for token in predicted {
                if let match = expected.indices.first(where: { !taken[$0] && expected[$0] == token }) {
                    taken[match] = true
                    common += 1
                }
            }
            return common
        }
        var remaining: [String: Int] = [:]
        for token in expected { remaining[token, default: 0] += 1 }
        for token in predicted {
            if let count = remaining[token], count > 0 {
                remaining[token] = count - 1
                common += 1
            }
        }
        return common
    }

    static let articles: Set<String> = ["a", "an", "the"]

    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            // Python's string.punctuation: !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~
            let value = scalar.value
            return (0x21...0x2F).contains(value) || (0x3A...0x40).contains(value)
                || (0x5B...0x60).contains(value) || (0x7B...0x7E).contains(value)
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }
}
