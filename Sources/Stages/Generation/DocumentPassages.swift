/// Cuts a knowledge document into passages for pretraining records.
///
/// Paragraphs are separated by blank lines; consecutive paragraphs are joined (with a blank
/// line) while the passage stays within `maximumCharacters`. A single paragraph longer than
/// that is kept whole: cutting mid-sentence would help nobody.
enum DocumentPassages {
    static func split(_ document: String, maximumCharacters: Int) -> [String] {
        let lines = document.split(separator: "\n", omittingEmptySubsequences: false)
        var paragraphs: [String] = []
        var current: [Substring] = []
        for line in lines {
            if line.allSatisfy(\.isWhitespace) {
                if !current.isEmpty { paragraphs.append(current.joined(separator: "\n")) }
                current = []
            } else {
                current.append(line.trimmingWhitespace)
            }
        }
        if !current.isEmpty { paragraphs.append(current.joined(separator: "\n")) }

        var passages: [String] = []
        var passage = ""
        for paragraph in paragraphs {
            if passage.isEmpty {
                passage = paragraph
            } else if passage.count + 2 + paragraph.count <= maximumCharacters {
                passage += "\n\n" + paragraph
            } else {
                passages.append(passage)
                passage = paragraph
            }
        }
        if !passage.isEmpty { passages.append(passage) }
        return passages
    }
}
