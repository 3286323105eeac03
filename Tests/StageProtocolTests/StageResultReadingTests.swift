import Foundation
import StageProtocol
import Testing

/// `result.json` read with the one JSON reader gives what decoding it with `Codable`
/// gives, and a text it does not take is left to the decoder (which says why).
@Suite struct StageResultReadingTests {
    static func decoded(_ text: String) -> StageResult? {
        try? JSONDecoder().decode(StageResult.self, from: Data(text.utf8))
    }

    @Test(arguments: [
        #"{"metrics":{}}"#,
        #"{"metrics":{"f1":0.1,"count":3,"tiny":1e-9,"large":123456789.125,"negative":-0.25,"third":0.3333333333333333}}"#,
        #"{"metrics":{"f1":1},"warnings":null}"#,
        #"{"metrics":{"f1":1},"warnings":["a person's e-mail in leaf a/b", "ünïcode ✓"],"other":{"x":[1,2]}}"#,
        #"{"warnings":[],"metrics":{"leaf.a/b.f1":0.75,"leaf.a/c.f1":12345678901234567890}}"#,
    ])
    func readingGivesWhatDecodingGives(text: String) throws {
        let read = try #require(StageResult(reading: Array(text.utf8)))
        #expect(read == Self.decoded(text))
    }

    @Test(arguments: [
        #"{"metrics":{"f1":"high"}}"#, #"{"warnings":["x"]}"#, #"{"metrics":[]}"#, #"{"metrics":{},"warnings":[1]}"#,
        #"{"metrics":{},"warnings":"x"}"#, #"{"metrics":{"f1":1e999}}"#, #"{"metrics":{},}"#, #"[]"#, "",
    ])
    func whatItDoesNotTakeIsLeftToTheDecoder(text: String) {
        // The decoder refuses these, or (a trailing comma) takes what the reader refuses.
        #expect(StageResult(reading: Array(text.utf8)) == nil)
    }
}
