import Stages

/// Answer normalisation as it was before its UTF-8 path (commit ab5a1cb), on Strings and
/// Characters: the reference `AnswerScoringSamenessTests` holds the byte path to.
enum ReferenceAnswerScoring {
    static func tokens(_ text: String) -> [String] {
        var cleaned = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars where !isPunctuation(scalar) {
            cleaned.append(scalar)
        }
        return String(cleaned).split(whereSeparator: \.isWhitespace)
            .map(String.init)
            .filter { !["a", "an", "the"].contains($0) }
    }

    private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
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
