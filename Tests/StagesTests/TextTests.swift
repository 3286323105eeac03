import Foundation
import Stages
import Testing

@Suite struct TokenizerTests {
    @Test(arguments: [
        ("What is the bird's name?", ["what", "is", "the", "bird", "name"]),
        ("Don't PANIC — it's fine!", ["dont", "panic", "it", "fine"]),
        ("Café naïve Ångström", ["café", "naïve", "ångström"]),
        ("東京 is big", ["東京", "is", "big"]),
        ("SHA-256, 21.5 kg", ["sha", "256", "21", "5", "kg"]),
        ("  ", []),
    ])
    func words(text: String, expected: [String]) {
        #expect(Tokenizer.words(text) == expected)
    }

    @Test(arguments: [
        ("birds", "bird"), ("classes", "class"), ("berries", "berry"), ("ties", "ties"), ("nesting", "nest"),
        ("running", "run"), ("hatched", "hatch"), ("used", "used"), ("quickly", "quick"), ("only", "only"),
        ("analysis", "analysis"), ("status", "status"), ("make", "mak"), ("makes", "mak"), ("making", "mak"),
        ("migrates", "migrat"), ("migration", "migration"), ("falling", "fall"), ("gas", "gas"), ("ostrich", "ostrich"),
    ])
    func stemmer(word: String, stem: String) {
        #expect(Tokenizer.stem(word) == stem)
    }

    @Test func termsDropStopWordsButKeepQuestionWords() {
        let tokenizer = Tokenizer()
        #expect(tokenizer.terms("Could you please tell me when the owls are hunting?") == ["when", "owl", "hunt"])
        // The final-e rule applies to question words too; what matters is that it is consistent.
        #expect(tokenizer.terms("Where do owls hunt?") == ["wher", "owl", "hunt"])
        #expect(tokenizer.terms("WHERE did the owl hunt") == ["wher", "owl", "hunt"])
    }
}

@Suite struct QuestionRewriterTests {
    let rewriter = QuestionRewriter()

    @Test(arguments: [
        ("What is the boiling point of water?", "The boiling point of water is what?"),
        ("Who was the first person on the Moon?", "The first person on the Moon was who?"),
        ("Given a list of numbers, which one is largest?", "Which one is largest, given a list of numbers?"),
    ])
    func questionWordReorder(question: String, expected: String) {
        var generator = SplitMix64(seed: 1)
        #expect(rewriter.apply(.questionWordReorder, to: question, using: &generator) == expected)
    }

    @Test func reorderDoesNotApplyToEveryQuestion() {
        var generator = SplitMix64(seed: 1)
        #expect(rewriter.apply(.questionWordReorder, to: "How do birds fly?", using: &generator) == nil)
    }

    @Test func caseAndPunctuationNormalisation() {
        var generator = SplitMix64(seed: 1)
        #expect(
            rewriter.apply(.caseAndPunctuation, to: "What  is the Capital of FRANCE?", using: &generator)
                == "what is the capital of france")
    }

    @Test func synonymsKeepCaseAndPunctuation() {
        var generator = SplitMix64(seed: 5)
        let rewritten = rewriter.apply(.synonymSubstitution, to: "Big cities?", using: &generator)
        #expect(rewritten == "Large towns?" || rewritten == "Large cities?" || rewritten == "Huge cities?"
            || rewritten == "Big towns?" || rewritten == "Huge towns?")
        #expect(rewriter.apply(.synonymSubstitution, to: "Why?", using: &generator) == nil)
    }

    @Test func synonymTableIsSymmetric() {
        for (word, synonyms) in QuestionRewriter.synonyms {
            for synonym in synonyms {
                #expect(QuestionRewriter.synonyms[synonym]?.contains(word) == true, "\(word) ↔ \(synonym)")
            }
        }
    }

    @Test func framesWrapTheQuestion() {
        var generator = SplitMix64(seed: 3)
        let prefixed = rewriter.apply(.politePrefix, to: "What is NASA?", using: &generator) ?? ""
        #expect(prefixed.hasSuffix("NASA?") || prefixed.hasSuffix("NASA."))
        #expect(prefixed.contains("what is NASA"))
        let templated = rewriter.apply(.instructionTemplate, to: "What is NASA?", using: &generator) ?? ""
        #expect(templated.hasSuffix(": What is NASA?"))
        let suffixed = rewriter.apply(.politeSuffix, to: "What is NASA", using: &generator) ?? ""
        #expect(suffixed.hasPrefix("What is NASA? "))
    }

    @Test func variantsDifferFromTheQuestionAndAreReproducible() {
        var first = SplitMix64(seed: 99)
        var second = SplitMix64(seed: 99)
        for _ in 0..<200 {
            let a = rewriter.variant(of: "What is the capital city of Japan?", using: &first)
            let b = rewriter.variant(of: "What is the capital city of Japan?", using: &second)
            #expect(a?.text == b?.text)
            #expect(a?.transforms == b?.transforms)
            if let a {
                #expect(a.text != "What is the capital city of Japan?")
                #expect(!a.transforms.isEmpty)
            }
        }
    }

    @Test func splitMixMatchesTheReferenceSequence() {
        // First outputs of SplitMix64 seeded with 1234567 (reference implementation by Vigna).
        var generator = SplitMix64(seed: 1_234_567)
        #expect(generator.next() == 6_457_827_717_110_365_317)
        #expect(generator.next() == 3_203_168_211_198_807_973)
        #expect(generator.next() == 9_817_491_932_198_370_423)
    }
}

@Suite struct RecordEncodingTests {
    @Test func awkwardTextSurvivesTheRecord() throws {
        let text = "Quotes \" and \\ backslash,\nnew line, tab\t, bell \u{07}, emoji 🐦, 東京, NUL \u{0}"
        let example = GeneratedExample(
            id: "x#s0.q0.v0", leaf: "x", kind: .skill, split: .train, seedIndex: 0, questionIndex: 0,
            variantIndex: 0, transforms: [], question: text, context: text, answer: text, domain: nil)
        let line = example.messagesRecord(systemPrompt: text)
        #expect(!line.contains(UInt8(ascii: "\n")))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
        let messages = try #require(object["messages"] as? [[String: String]])
        #expect(messages.map { $0["content"] } == [text, text + "\n\n" + text, text])
        #expect(messages.first?.keys.sorted() == ["content", "role"])
        let prefix = String(decoding: line.prefix(60), as: UTF8.self)
        // Keys sorted, as JSONWriter writes every object.
        #expect(prefix.hasPrefix("{\"id\":\"x#s0.q0.v0\",\"messages\":[{\"content\":"))
    }
}
