import Foundation
import Platform
import StageProtocol
import Stages
import TestSupport
import Testing

/// One line put into a model's `examples.jsonl` or a dataset's `.jsonl` whose recorded
/// digest and count agree with it, and the reason its refusal gives (`nil`: it is read).
struct HostileLine: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var reason: String?

    init(_ name: String, _ text: String, _ reason: String?) {
        self.init(name, Array(text.utf8), reason)
    }

    init(_ name: String, _ bytes: [UInt8], _ reason: String?) {
        self.name = name
        self.bytes = bytes
        self.reason = reason
    }

    var testDescription: String { name }
}

/// A model example line with `members` after a valid leaf, id and question.
private func exampleLine(_ members: String) -> String {
    #"{"id":"hostile","leaf":"compositional_skills/geography/capitals","question":"Q",\#(members)}"#
}

private let capitals = "compositional_skills/geography/capitals"

/// A valid `metadata` object's members for a held-out record of the capitals leaf, with
/// `replacing` members changed or added (a key listed twice keeps its last value).
private func metadata(_ replacing: String = "") -> String {
    #"{"context":null,"dataset":"builtin_freeform_skill_qa","domain":null,"kind":"skill","leaf":"\#(capitals)","#
        + #""question":"Q","question_index":0,"seed_index":0,"split":"test","transforms":[],"variant_index":0"#
        + (replacing.isEmpty ? "" : ",\(replacing)") + "}"
}

private let threeMessages =
    #"[{"content":"S","role":"system"},{"content":"U","role":"user"},{"content":"A","role":"assistant"}]"#

/// A messages record line: `metadata` is JSON text, written as a string the way the
/// dataset writes it.
private func recordLine(
    id: String = #""hostile""#, messages: String = threeMessages, metadata: String = metadata(), extra: String = ""
) -> String {
    let encoded = String(decoding: JSONWriter.compact(.string(metadata)), as: UTF8.self)
    return #"{"id":\#(id),"messages":\#(messages),"metadata":\#(encoded),"unmask":false\#(extra)}"#
}

/// Refusals of every line the built-in stages read: duplicate keys, wrong types, bad
/// escapes, cut lines, a byte order mark, very long lines. The reasons are main's as of
/// 2026-12-07 (ab5a1cb), so a faster reader refuses each the same way, at the same column.
@Suite struct HostileLineTests {
    static let long = String(repeating: "x", count: 200_000)

    static let exampleLines: [HostileLine] = [
        HostileLine("valid", exampleLine(#""answer":"A","context":null"#), nil),
        HostileLine("a repeated key keeps its last value", exampleLine(#""answer":7,"context":null,"answer":"A""#), nil),
        HostileLine("an escaped key is the same key", exampleLine(#""answer":"A","\u0063ontext":null"#), nil),
        HostileLine("unknown members are read past", exampleLine(#""answer":"A","x":[{"y":[1,2.5e3,true]},null]"#), nil),
        HostileLine(
            "a repeated key whose last value is wrong", exampleLine(#""answer":"A","context":null,"answer":7"#),
            "answer: expected a string"),
        HostileLine(
            "an escaped repeated key whose last value is wrong", exampleLine(#""answer":"A","\u0061nswer":null"#),
            "answer: missing"),
        HostileLine("no members", "{}", "id: missing"),
        HostileLine("an array", "[]", "expected a JSON object"),
        HostileLine("a string", #""text""#, "expected a JSON object"),
        HostileLine("an id of the wrong type", #"{"id":5,"leaf":"L","question":"Q","answer":"A"}"#, "id: expected a string"),
        HostileLine("a context of the wrong type", exampleLine(#""answer":"A","context":3"#), "context: expected a string or null"),
        HostileLine("a null answer", exampleLine(#""answer":null"#), "answer: missing"),
        HostileLine("an object answer", exampleLine(#""answer":{"a":"b"}"#), "answer: expected a string"),
        HostileLine(
            "an unknown escape", #"{"answer":"\q","id":"x"}"#,
            #"not valid JSON (line 1, column 12: unknown escape \q in a string)"#),
        HostileLine(
            "a lone high surrogate", #"{"answer":"\uD800","id":"x"}"#,
            #"not valid JSON (line 1, column 12: a high surrogate \u escape without its low surrogate)"#),
        HostileLine(
            "a lone low surrogate", #"{"answer":"a\uDC00","id":"x"}"#,
            #"not valid JSON (line 1, column 13: a low surrogate \u escape without its high surrogate)"#),
        HostileLine(
            "a short \\u escape", #"{"answer":"\u12"}"#,
            #"not valid JSON (line 1, column 16: a \u escape needs four hexadecimal digits)"#),
        HostileLine(
            "a line cut in a string", #"{"answer":"A","id":"x","leaf":"L","question":"Wha"#,
            "not valid JSON (line 1, column 46: string not closed)"),
        HostileLine(
            "a line cut after a comma", #"{"answer":"A","#, #"not valid JSON (line 1, column 15: expected a key in quotes)"#),
        HostileLine(
            "a line cut before its brace", exampleLine(#""answer":"A""#).dropLast().description,
            #"not valid JSON (line 1, column 93: expected "," or "}" in an object)"#),
        HostileLine(
            "a byte order mark", "\u{FEFF}" + exampleLine(#""answer":"A""#),
            "not valid JSON (line 1, column 1: unexpected character 0xEF, expected a value)"),
        HostileLine(
            "invalid UTF-8", Array(#"{"answer":"a"#.utf8) + [0xFF] + Array(#""}"#.utf8),
            "not valid JSON (line 1, column 12: a string is not valid UTF-8)"),
        HostileLine(
            "invalid UTF-8 after an escape", Array(#"{"answer":"a\nb"#.utf8) + [0xC3] + Array(#""}"#.utf8),
            "not valid JSON (line 1, column 15: a string is not valid UTF-8)"),
        HostileLine(
            "a tab in a string", "{\"answer\":\"a\tb\"}",
            "not valid JSON (line 1, column 13: control character 0x9 in a string; escape it)"),
        HostileLine(
            "a leading zero in an unknown member", #"{"extra":[01],"answer":"A"}"#,
            "not valid JSON (line 1, column 11: a number cannot start with 0 followed by digits)"),
        HostileLine(
            "a number out of range", #"{"extra":1e400}"#, "not valid JSON (line 1, column 10: the number 1e400 is out of range)"),
        HostileLine(
            "nesting too deep in an unknown member",
            #"{"extra":"# + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}",
            "not valid JSON (line 1, column 521: nested deeper than 512 levels)"),
        HostileLine(
            "text after the object", exampleLine(#""answer":"A""#) + " x",
            "not valid JSON (line 1, column 95: unexpected text after the JSON value)"),
        HostileLine(
            "a very long line with a bad escape at its end", #"{"answer":""# + long + #"\q"}"#,
            #"not valid JSON (line 1, column 200012: unknown escape \q in a string)"#),
        HostileLine("a very long answer", exampleLine(#""answer":""# + long + #"""#), nil),
        HostileLine(
            "a very long key", exampleLine(#""answer":"A",""# + long + #"":1,"context":5"#),
            "context: expected a string or null"),
    ]

    @Test(arguments: exampleLines)
    func aModelExampleLine(_ hostile: HostileLine) async throws {
        let generator = DatasetGenerator(options: GenerationOptions(variantsPerQuestion: 1, seed: 3))
        var model = try QAModel(training: try generator.generate([SyntheticTaxonomy.capitals]))
        try await withTemporaryDirectory { directory in
            try model.write(to: directory)
            let configURL = directory.appendingPathComponent("config.json")
            let examplesURL = directory.appendingPathComponent("examples.jsonl")
            let examples = try Data(contentsOf: examplesURL)
            var lines = examples.split(separator: UInt8(ascii: "\n")).map(Array.init)
            lines[2] = hostile.bytes
            let tampered = Array(lines.joined(separator: [UInt8(ascii: "\n")])) + [UInt8(ascii: "\n")]
            try Data(tampered).write(to: examplesURL)
            let config = try String(contentsOf: configURL, encoding: .utf8)
            try config.replacingOccurrences(of: SHA256Digest.hex(Array(examples)), with: SHA256Digest.hex(tampered))
                .write(to: configURL, atomically: true, encoding: .utf8)
            guard let reason = hostile.reason else {
                // Read: the line is the example it says, in the third one's place.
                var examples = model.examplesByLeaf[capitals] ?? []
                let answer = hostile.name == "a very long answer" ? Self.long : "A"
                examples[2] = ModelExample(id: "hostile", leaf: capitals, question: "Q", answer: answer)
                try model.setExamples(examples, forLeaf: capitals, trainSHA256: model.trainSHA256ByLeaf[capitals])
                #expect(try QAModel.load(from: directory) == model)
                return
            }
            #expect(throws: ModelError.malformedExample(path: examplesURL.path, line: 3, reason: reason)) {
                try QAModel.load(from: directory)
            }
        }
    }

    static let recordLines: [HostileLine] = [
        HostileLine("valid", recordLine(), nil),
        HostileLine("a repeated key keeps its last value", recordLine(id: #"5,"id":"hostile""#), nil),
        HostileLine("a repeated metadata key keeps its last value", recordLine(metadata: metadata(#""kind":"skill""#)), nil),
        HostileLine("a whole number written with a fraction", recordLine(metadata: metadata(#""seed_index":0.0"#)), nil),
        HostileLine("unknown members are read past", recordLine(extra: #","x":{"y":[[],{}]}"#), nil),
        HostileLine(
            "a repeated key whose last value is wrong", recordLine(extra: #","id":["hostile"]"#), "id: expected a string"),
        HostileLine("no members", "{}", "messages: missing"),
        HostileLine("an array", "[1]", "expected a JSON object"),
        HostileLine("messages of the wrong type", recordLine(messages: "5"), "messages: expected an array of objects"),
        HostileLine("a message of the wrong type", recordLine(messages: "[1]"), "messages[0]: expected an object"),
        HostileLine(
            "a role of the wrong type", recordLine(messages: #"[{"role":1}]"#), "messages[0].role: expected a string"),
        HostileLine(
            "two messages", recordLine(messages: #"[{"role":"system"},{"role":"user","content":"U"}]"#),
            "messages: expected roles system, user, assistant in that order, found system, user"),
        HostileLine(
            "a repeated role", recordLine(messages: threeMessages.replacingOccurrences(of: #""role":"user""#, with: #""role":"user","role":"x""#)),
            "messages: expected roles system, user, assistant in that order, found system, x, assistant"),
        HostileLine(
            "no user content", recordLine(messages: threeMessages.replacingOccurrences(of: #""content":"U","#, with: "")),
            "messages[1].content: missing"),
        HostileLine(
            "no answer", recordLine(messages: threeMessages.replacingOccurrences(of: #""content":"A""#, with: #""content":false"#)),
            "messages[2].content: expected a string"),
        HostileLine(
            "no metadata", #"{"id":"hostile","messages":\#(threeMessages)}"#, "metadata: missing"),
        HostileLine(
            "metadata as an object", #"{"id":"hostile","messages":\#(threeMessages),"metadata":{}}"#,
            "metadata: expected a string"),
        HostileLine(
            "metadata that is not JSON", recordLine(metadata: "{bad"),
            "metadata: expected a JSON object encoded as a string: not valid JSON (line 1, column 2: expected a key in quotes)"),
        HostileLine(
            "metadata with a bad escape", recordLine(metadata: #"{"kind":"\x"}"#),
            #"metadata: expected a JSON object encoded as a string: not valid JSON (line 1, column 10: unknown escape \x in a string)"#),
        HostileLine(
            "metadata on two lines", recordLine(metadata: "{\n\"kind\":01}"),
            "metadata: expected a JSON object encoded as a string: not valid JSON (line 2, column 8: a number cannot start with 0 followed by digits)"),
        HostileLine(
            "metadata as an array", recordLine(metadata: "[]"),
            "metadata: expected a JSON object encoded as a string: expected a JSON object"),
        HostileLine(
            "metadata with a byte order mark", recordLine(metadata: "\u{FEFF}" + metadata()),
            "metadata: expected a JSON object encoded as a string: not valid JSON (line 1, column 1: unexpected character 0xEF, expected a value)"),
        HostileLine("an unknown kind", recordLine(metadata: metadata(#""kind":"x""#)), #"metadata.kind: unknown kind "x""#),
        HostileLine("an unknown split", recordLine(metadata: metadata(#""split":"dev""#)), #"metadata.split: unknown split "dev""#),
        HostileLine(
            "transforms of the wrong type", recordLine(metadata: metadata(#""transforms":"a""#)),
            "metadata.transforms: expected an array of strings"),
        HostileLine(
            "a transform of the wrong type", recordLine(metadata: metadata(#""transforms":["polite_prefix",2]"#)),
            "metadata.transforms[1]: expected a string"),
        HostileLine(
            "an unknown transform", recordLine(metadata: metadata(#""transforms":["zzz"]"#)),
            #"metadata.transforms: unknown transform "zzz""#),
        HostileLine("no id", recordLine(extra: #","id":null"#), "id: missing"),
        HostileLine(
            "a fractional index", recordLine(metadata: metadata(#""seed_index":1.5"#)), "metadata.seed_index: expected an integer"),
        HostileLine(
            "a string index", recordLine(metadata: metadata(#""variant_index":"0""#)), "metadata.variant_index: expected an integer"),
        HostileLine("no question", recordLine(metadata: metadata(#""question":null"#)), "metadata.question: missing"),
        HostileLine(
            "a context of the wrong type", recordLine(metadata: metadata(#""context":[]"#)),
            "metadata.context: expected a string or null"),
        HostileLine(
            "a domain of the wrong type", recordLine(metadata: metadata(#""domain":1"#)), "metadata.domain: expected a string or null"),
        HostileLine(
            "another leaf's record", recordLine(metadata: metadata(#""leaf":"other/leaf""#)),
            #"record belongs to leaf "other/leaf" split test, expected leaf "\#(capitals)" split test"#),
        HostileLine(
            "a training record", recordLine(metadata: metadata(#""split":"train""#)),
            #"record belongs to leaf "\#(capitals)" split train, expected leaf "\#(capitals)" split test"#),
        HostileLine(
            "a line cut in its metadata", String(recordLine().prefix(150)),
            "not valid JSON (line 1, column 138: string not closed)"),
        HostileLine(
            "a byte order mark", "\u{FEFF}" + recordLine(),
            "not valid JSON (line 1, column 1: unexpected character 0xEF, expected a value)"),
        HostileLine(
            "a very long answer with a bad escape at its end",
            recordLine(messages: threeMessages.replacingOccurrences(of: #""content":"A""#, with: #""content":""# + long + #"\q""#)),
            #"not valid JSON (line 1, column 200103: unknown escape \q in a string)"#),
    ]

    @Test(arguments: recordLines)
    func aDatasetRecordLine(_ hostile: HostileLine) async throws {
        let generator = DatasetGenerator(options: GenerationOptions(variantsPerQuestion: 1, seed: 3))
        let dataset = try generator.generate([SyntheticTaxonomy.capitals])
        try await withTemporaryDirectory { directory in
            try dataset.write(to: directory)
            let path = "leaves/\(capitals)/test.jsonl"
            let file = directory.appendingPathComponent(path)
            let original = try Data(contentsOf: file)
            var lines = original.split(separator: UInt8(ascii: "\n")).map(Array.init)
            lines[0] = hostile.bytes
            let tampered = Array(lines.joined(separator: [UInt8(ascii: "\n")])) + [UInt8(ascii: "\n")]
            try Data(tampered).write(to: file)
            let recipeURL = directory.appendingPathComponent("recipe.json")
            let recipe = try String(contentsOf: recipeURL, encoding: .utf8)
            try recipe.replacingOccurrences(of: SHA256Digest.hex(Array(original)), with: SHA256Digest.hex(tampered))
                .write(to: recipeURL, atomically: true, encoding: .utf8)
            guard let reason = hostile.reason else {
                let loaded = try GeneratedDataset.load(from: directory, splits: [.test])
                let example = try #require(loaded.testExamples.first)
                #expect(example.id == "hostile" && example.question == "Q" && example.answer == "A")
                #expect(example.kind == .skill && example.split == .test && example.seedIndex == 0 && example.context == nil)
                #expect(Array(loaded.testExamples.dropFirst()) == Array(dataset.testExamples.dropFirst()))
                return
            }
            #expect(throws: DatasetError.malformedRecord(path: path, line: 1, reason: reason)) {
                try GeneratedDataset.load(from: directory, splits: [.test])
            }
        }
    }
}
