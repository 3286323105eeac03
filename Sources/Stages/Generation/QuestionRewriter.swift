/// Makes variants of a seed question with ``QuestionTransform``s driven by a seeded
/// ``SplitMix64``.
///
/// One variant: each lexical transform (reorder, synonyms, stop-word drop) is chosen with
/// probability 1/2; then, with probability 2/3, one framing transform (polite prefix, polite
/// suffix or instruction template, equally likely); then, with probability 1/4, case and
/// punctuation normalisation. They are applied in that order; a transform that does not
/// fit the question (no synonym in the table, no question word to reorder) is skipped. The
/// variant lists the transforms that changed the text; if none did, there is no variant
/// and the caller draws again.
public struct QuestionRewriter: Sendable {
    public init() {}

    /// A variant of `question` and the transforms that made it, or `nil` when this draw
    /// changed nothing.
    public func variant(of question: String, using generator: inout SplitMix64) -> (
        text: String, transforms: [QuestionTransform]
    )? {
        var plan: [QuestionTransform] = []
        for lexical in [QuestionTransform.questionWordReorder, .synonymSubstitution, .stopWordDrop]
        where generator.chance(1, in: 2) {
            plan.append(lexical)
        }
        if generator.chance(2, in: 3) {
            let frames: [QuestionTransform] = [.politePrefix, .politeSuffix, .instructionTemplate]
            plan.append(frames[generator.next(below: frames.count)])
        }
        if generator.chance(1, in: 4) { plan.append(.caseAndPunctuation) }

        var text = question
        var applied: [QuestionTransform] = []
        for transform in plan {
            if let rewritten = apply(transform, to: text, using: &generator), rewritten != text {
                text = rewritten
                applied.append(transform)
            }
        }
        return applied.isEmpty ? nil : (text, applied)
    }

    /// `transform` applied to `text`, or `nil` when it does not fit.
    public func apply(_ transform: QuestionTransform, to text: String, using generator: inout SplitMix64) -> String? {
        switch transform {
        case .questionWordReorder: return reorder(text)
        case .synonymSubstitution: return substituteSynonyms(text, using: &generator)
        case .stopWordDrop: return dropStopWords(text, using: &generator)
        case .politePrefix:
            let prefixes = ["Could you tell me ", "Can you tell me ", "Please tell me ", "I would like to know "]
            let prefix = prefixes[generator.next(below: prefixes.count)]
            let body = text.trimmingWhitespace.lowercasingFirstWord
            return prefix == "I would like to know " ? prefix + body.droppingFinalMark + "." : prefix + body
        case .politeSuffix:
            let suffixes = [" Please answer briefly.", " Thanks!", " I am curious.", " Any idea?"]
            var body = String(Substring(text).trimmingWhitespace)
            if let last = body.last, !"?.!".contains(last) { body += "?" }
            return body + suffixes[generator.next(below: suffixes.count)]
        case .instructionTemplate:
            let templates = ["Tell me: ", "Explain: ", "Question: ", "Quick question: "]
            return templates[generator.next(below: templates.count)] + text.trimmingWhitespace
        case .caseAndPunctuation:
            return text.lowercased().droppingFinalMark.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
    }

    private static let questionWords: Set<String> = ["what", "who", "which", "where", "when", "whom", "whose"]
    private static let copulas: Set<String> = ["is", "are", "was", "were"]

    private func reorder(_ text: String) -> String? {
        var question = QuestionWords(text)
        let words = question.words
        if words.count >= 3, Self.questionWords.contains(words[0].lowercasedCore),
            Self.copulas.contains(words[1].lowercasedCore), words[0].trailing.isEmpty, words[1].trailing.isEmpty
        {
            var rest = Array(words[2...])
            rest[rest.count - 1].trailing = ""
            rest[0].core = rest[0].core.lowercasingFirstWord.capitalizingFirst
            question.words = rest
            return question.text + " \(words[1].lowercasedCore) \(words[0].lowercasedCore)?"
        }
        let clauses = text.split(separator: ", ", maxSplits: 1, omittingEmptySubsequences: true)
        if clauses.count == 2, clauses[0].count >= 3, clauses[1].count >= 3 {
            let first = String(clauses[0]).lowercasingFirstWord.droppingFinalMark
            let second = String(clauses[1]).droppingFinalMark.capitalizingFirst
            let mark = text.trimmingWhitespace.last.map { "?.!".contains($0) ? String($0) : "" } ?? ""
            return "\(second), \(first)\(mark)"
        }
        return nil
    }

    private func substituteSynonyms(_ text: String, using generator: inout SplitMix64) -> String? {
        var question = QuestionWords(text)
        let candidates = question.words.indices.filter { Self.synonyms[question.words[$0].lowercasedCore] != nil }
        guard !candidates.isEmpty else { return nil }
        var chosen = candidates.filter { _ in generator.chance(1, in: 2) }
        if chosen.isEmpty { chosen = [candidates[generator.next(below: candidates.count)]] }
        for index in chosen {
            let word = question.words[index]
            guard let options = Self.synonyms[word.lowercasedCore] else { continue }
            let replacement = options[generator.next(below: options.count)]
            question.words[index].core =
                word.core.first?.isUppercase == true ? replacement.capitalizingFirst : replacement
        }
        return question.text
    }

    private static let droppable: Set<String> = [
        "the", "a", "an", "that", "of", "really", "actually", "exactly", "some", "just", "very",
    ]

    private func dropStopWords(_ text: String, using generator: inout SplitMix64) -> String? {
        var question = QuestionWords(text)
        let candidates = question.words.indices.filter {
            let word = question.words[$0]
            return Self.droppable.contains(word.lowercasedCore) && word.leading.isEmpty && word.trailing.isEmpty
        }
        guard !candidates.isEmpty, question.words.count - candidates.count >= 2 else { return nil }
        var chosen = Set(candidates.filter { _ in generator.chance(1, in: 2) })
        if chosen.isEmpty { chosen = [candidates[generator.next(below: candidates.count)]] }
        let startsCapitalised = question.words.first?.core.first?.isUppercase == true
        question.words = question.words.indices.filter { !chosen.contains($0) }.map { question.words[$0] }
        if startsCapitalised, chosen.contains(0), !question.words.isEmpty {
            question.words[0].core = question.words[0].core.capitalizingFirst
        }
        return question.text
    }

    /// The built-in synonym table, used both ways (`big` → `large` and `large` → `big`).
    public static let synonymPairs: [(String, String)] = [
        ("big", "large"), ("small", "little"), ("begin", "start"), ("end", "finish"),
        ("buy", "purchase"), ("choose", "select"), ("help", "assist"), ("show", "display"),
        ("make", "create"), ("find", "locate"), ("use", "utilize"), ("many", "numerous"),
        ("fast", "rapid"), ("reply", "respond"), ("write", "compose"), ("list", "enumerate"),
        ("give", "provide"), ("get", "obtain"), ("example", "instance"), ("kind", "type"),
        ("important", "significant"), ("main", "primary"), ("job", "role"), ("car", "automobile"),
        ("happy", "glad"), ("hard", "difficult"), ("easy", "simple"), ("old", "ancient"),
        ("near", "close"), ("rich", "wealthy"), ("eat", "consume"), ("live", "reside"),
        ("build", "construct"), ("need", "require"), ("reason", "cause"), ("way", "method"),
        ("country", "nation"), ("city", "town"), ("color", "colour"), ("favorite", "favourite"),
        ("usual", "typical"), ("common", "frequent"), ("called", "named"), ("famous", "renowned"),
        ("purpose", "aim"), ("result", "outcome"), ("shape", "form"), ("amount", "quantity"),
        ("fix", "repair"), ("story", "tale"), ("summary", "synopsis"), ("mean", "signify"),
        ("large", "huge"), ("small", "tiny"), ("begin", "commence"), ("show", "demonstrate"),
    ]

    /// Word → its synonyms, built from ``synonymPairs`` in table order.
    public static let synonyms: [String: [String]] = {
        var table: [String: [String]] = [:]
        for (left, right) in synonymPairs {
            if !(table[left] ?? []).contains(right) { table[left, default: []].append(right) }
            if !(table[right] ?? []).contains(left) { table[right, default: []].append(left) }
        }
        return table
    }()
}
