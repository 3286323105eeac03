import Foundation
import StageProtocol
import Store
import Testing

import ExecutorTestKit
@testable import Runner

/// The hand-written JSON of journal lines, contexts and store entries must read back, with
/// Foundation's decoder, as exactly what was written.
@Suite struct JSONWriterTests {
    /// Text that needs every kind of escaping, and some that needs none.
    static let awkwardTexts = [
        "", "plain", "quote \" and backslash \\", "new\nline, tab\t, return\r", "bell \u{07} nul \u{00} esc \u{1B}",
        "slash / stays", "non-ASCII: Grüße, 日本語, 🦜", "\u{7F} delete", "]},\"{[",
    ]

    @Test(arguments: awkwardTexts)
    func stringsReadBackUnchanged(text: String) throws {
        for pretty in [false, true] {
            var json = JSONWriter(pretty: pretty)
            json.object { json in
                json.field(text, text)
                json.field("list", [text, text])
            }
            let decoded = try JSONDecoder().decode([String: JSONValue].self, from: Data(json.bytes))
            #expect(decoded == [text: .string(text), "list": .array([.string(text), .string(text)])])
        }
    }

    @Test func numbersReadBackUnchanged() throws {
        let numbers: [Double] = [0, 1, -2, 0.1, 0.42, 1e-5, 1.2345678901234567e20, -3.5e-300, 9_007_199_254_740_994]
        var json = JSONWriter()
        json.array { json in
            for number in numbers { json.value(number) }
        }
        #expect(try JSONDecoder().decode([Double].self, from: Data(json.bytes)) == numbers)
        // Whole numbers are written as JSONEncoder writes them.
        #expect(String(decoding: json.bytes, as: UTF8.self).hasPrefix("[0,1,-2,0.1,"))
    }

    @Test func nonFiniteNumbersBecomeNull() {
        var json = JSONWriter()
        json.array { json in
            json.value(Double.nan)
            json.value(-Double.infinity)
        }
        #expect(String(decoding: json.bytes, as: UTF8.self) == "[null,null]")
    }

    @Test func emptyAndNestedContainers() throws {
        let value: JSONValue = .object([
            "empty object": .object([:]), "empty array": .array([]), "null": .null, "yes": .bool(true),
            "nested": .array([.object(["a": .integer(1), "b": .array([.bool(false), .null])])]),
        ])
        for pretty in [false, true] {
            var json = JSONWriter(pretty: pretty)
            json.value(value)
            #expect(try JSONDecoder().decode(JSONValue.self, from: Data(json.bytes)) == value)
        }
        var compact = JSONWriter()
        compact.value(.object(["b": .array([]), "a": .object([:])]))
        #expect(String(decoding: compact.bytes, as: UTF8.self) == #"{"a":{},"b":[]}"#)
    }

    @Test func contextReadsBackAsWritten() throws {
        let full = StageContext(
            runID: "20261127T091500.123Z-abcdef", stage: "generate[knowledge/\"odd\" leaf]", attempt: 2,
            build: .init(name: "nightly", kind: "nightly", version: "nightly-2026-11-27", model: "granite"),
            params: ["seed": .integer(7), "rate": .number(0.25), "tags": .array([.string("a\nb")]), "off": .null],
            inputs: ["validate": "/state/store/trees/ab12", "train": "/a path/with spaces"],
            output: "/state/runs/r/out/generate.2",
            taxonomy: .init(commit: "c0ffee", path: "/snap", changedLeaves: ["x/y"], leaf: "knowledge/birds"),
            baseModel: .init(name: "base", path: "/models/base", sha256: "feed"))
        let bare = StageContext(
            runID: "r", stage: "s", attempt: 1, build: .init(name: "b", kind: "k", version: nil, model: "m"),
            output: "/o")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        for context in [full, bare] {
            #expect(try JSONDecoder().decode(StageContext.self, from: Data(context.json)) == context)
            // Byte for byte what JSONEncoder writes: scripts read context.json line by line.
            #expect(String(decoding: context.json, as: UTF8.self) == String(decoding: try encoder.encode(context), as: UTF8.self))
        }
        let text = String(decoding: bare.json, as: UTF8.self)
        #expect(!text.contains("taxonomy") && !text.contains("baseModel") && !text.contains("version"))
    }

    @Test func storeEntryReadsBackAsWritten() throws {
        let entry = StoreEntry(
            cacheKey: "ab12", origin: .init(job: "train \"x\"", runID: "r1", attempt: 3),
            created: Date(timeIntervalSince1970: 1_795_771_000.123456),
            files: [
                "model/weights.bin": StoredFile(sha256: "aa", size: 5_000_000_000, mode: 0o755),
                "result.json": StoredFile(sha256: "bb", size: 20, mode: 0o644),
            ],
            symbolicLinks: ["latest": "model"], directories: ["model"], metrics: ["f1": 0.71, "loss": 2])
        #expect(try OutputStore.decoder(key: "ab12").decode(StoreEntry.self, from: Data(entry.json)) == entry)
    }

    @Test func storeEntryLeavesOutWhatItsFileNameAndSchemaSay() throws {
        let entry = StoreEntry(
            cacheKey: "3b2de26af05c3c97cfc8fd548269867545963df74788aa67c89a91859d77eda6",
            origin: .init(job: "leaf[a/b]", runID: "r1", attempt: 1), created: Date(timeIntervalSince1970: 1_795_771_000),
            files: [:])
        let text = String(decoding: entry.json, as: UTF8.self)
        #expect(text == #"{"created":"2026-11-27T09:16:40.000000Z","origin":{"job":"leaf[a/b]","runID":"r1"}}"#)
        #expect(try OutputStore.decoder(key: entry.cacheKey).decode(StoreEntry.self, from: Data(entry.json)) == entry)
        // An entry written before 2026-12 names its key and schema itself.
        let old = #"{"cacheKey":"k1","created":"2026-11-19T02:36:40Z","directories":[],"files":{},"metrics":{},"origin":{"attempt":1,"job":"j","runID":"r"},"schemaVersion":1,"symbolicLinks":{}}"#
        let read = try OutputStore.decoder(key: "other").decode(StoreEntry.self, from: Data(old.utf8))
        #expect(read.cacheKey == "k1" && read.schemaVersion == 1 && read.origin.job == "j")
    }
}
