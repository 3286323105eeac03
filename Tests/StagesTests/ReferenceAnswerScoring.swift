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

    static func f1(prediction: String, reference: String) -> Double {
        let predicted = tokens(prediction)
        let expected = tokens(reference)
        if predicted.isEmpty || expected.isEmpty { return predicted == expected ? 1 : 0 }
        var remaining: [String: Int] = [:]
        for token in expected { remaining[token, default: 0] += 1 }
        var common = 0
        for token in predicted {
            if let count = remaining[token], count > 0 {
                remaining[token] = count - 1
                common += 1
            }
        }
        if common == 0 { return 0 }
        let precision = Double(common) / Double(predicted.count)
        let recall = Double(common) / Double(expected.count)
        return 2 * precision * recall / (precision + recall)
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
