import Foundation
import StageProtocol
import Testing

/// `context.json` as modelbuild writes it and stages read it, with every field filled in.
let fullContext = StageContext(
    runID: "20261207T021500Z-abcdef", stage: "generate[knowledge/science/birds]", attempt: 2,
    build: .init(name: "nightly", kind: "nightly", version: "nightly-2026-12-07", model: "lab-model"),
    params: [
        "seed": .integer(42), "temperature": .number(0.7), "dry": .bool(false), "note": .null,
        "teacher": .string("example/teacher \"quoted\"\n\ttabbed ünïcode ✓ \u{1}"),
        "stops": .array([.string("###"), .integer(-3), .array([])]),
        "nested": .object(["a": .object([:]), "b": .array([.bool(true), .number(1e-9)])]),
    ],
    inputs: ["validate": "/state/store/trees/aa", "validate[x]": "/state/store/trees/bb"],
    output: "/state/runs/r/out/generate.2",
    taxonomy: .init(
        commit: String(repeating: "c", count: 40), path: "/state/snapshots/cc",
        changedLeaves: ["knowledge/science/birds", "compositional_skills/writing"], leaf: "knowledge/science/birds"),
    baseModel: .init(name: "example/base", path: "/models/base", sha256: String(repeating: "a", count: 64)))

/// The least a context holds: no version, params, inputs, taxonomy or base model.
let minimalContext = StageContext(
    runID: "r", stage: "train", attempt: 1,
    build: .init(name: "release", kind: "release", version: nil, model: "m"), output: "/out")

func object(_ bytes: [UInt8]) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
}

@Suite struct StageContextTests {
    @Test(arguments: [fullContext, minimalContext])
    func contextJSONDecodesToTheSameContext(context: StageContext) throws {
        let decoded = try JSONDecoder().decode(StageContext.self, from: Data(context.json))
        #expect(decoded == context)
    }

    @Test(arguments: [fullContext, minimalContext])
    func contextJSONIsWhatJSONEncoderWouldWrite(context: StageContext) throws {
        // Any JSON reader must see the same document, whichever writer made it.
        let encoded = try JSONEncoder().encode(context)
        let written = try JSONSerialization.jsonObject(with: Data(context.json)) as? NSDictionary
        let expected = try JSONSerialization.jsonObject(with: encoded) as? NSDictionary
        #expect(written == expected)
        #expect(try JSONDecoder().decode(StageContext.self, from: encoded) == context)
    }

    @Test func absentOptionalFieldsAreLeftOutNotNull() throws {
        let json = try object(minimalContext.json)
        #expect(Set(json.keys) == ["attempt", "build", "inputs", "output", "params", "runID", "schemaVersion", "stage"])
        let build = try #require(json["build"] as? [String: Any])
        #expect(Set(build.keys) == ["kind", "model", "name"])
        #expect(json["schemaVersion"] as? Int == StageContext.currentSchemaVersion)
        #expect((json["params"] as? [String: Any])?.isEmpty == true)

        var noLeaf = fullContext
        noLeaf.taxonomy?.leaf = nil
        noLeaf.baseModel?.path = nil
        let taxonomy = try #require(try object(noLeaf.json)["taxonomy"] as? [String: Any])
        #expect(Set(taxonomy.keys) == ["changedLeaves", "commit", "path"])
        let baseModel = try #require(try object(noLeaf.json)["baseModel"] as? [String: Any])
        #expect(Set(baseModel.keys) == ["name", "sha256"])
    }

    @Test func contextJSONIsPrettyWithSortedKeys() throws {
        let text = String(decoding: fullContext.json, as: UTF8.self)
        let topLevelKeys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }
            .map { $0.dropFirst(3).prefix { $0 != "\"" } }
        #expect(topLevelKeys == [
            "attempt", "baseModel", "build", "inputs", "output", "params", "runID", "schemaVersion", "stage", "taxonomy",
        ])
        #expect(text.hasPrefix("{\n"))
    }

    @Test(arguments: [
        #"{"runID": "r", "stage": "s", "attempt": 1, "build": {"name": "n", "kind": "k", "model": "m"}, "params": {}, "inputs": {}, "output": "/o"}"#,
        #"{"schemaVersion": "1", "runID": "r", "stage": "s", "attempt": 1, "build": {"name": "n", "kind": "k", "model": "m"}, "params": {}, "inputs": {}, "output": "/o"}"#,
        #"{"schemaVersion": 1, "runID": "r", "stage": "s", "attempt": 1, "build": {"name": "n", "kind": "k"}, "params": {}, "inputs": {}, "output": "/o"}"#,
        #"{"schemaVersion": 1, "runID": "r", "stage": "s", "attempt": 1, "build": {"name": "n", "kind": "k", "model": "m"}, "params": [], "inputs": {}, "output": "/o"}"#,
        #"{"schemaVersion": 1, "runID": "r", "stage": "s", "attempt": 1, "build": {"name": "n", "kind": "k", "model": "m"}, "params": {}, "inputs": {"a": 1}, "output": "/o"}"#,
        "[]", "", "{",
    ])
    func aDamagedContextIsAnErrorNotAGuess(text: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(StageContext.self, from: Data(text.utf8)) }
    }
}

@Suite struct JSONValueTests {
    @Test(arguments: [
        ("null", JSONValue.null), ("true", .bool(true)), ("false", .bool(false)), ("0", .integer(0)),
        ("-17", .integer(-17)), ("1.5", .number(1.5)), ("1e3", .integer(1000)), ("2.5e-3", .number(0.0025)),
        (#""text""#, .string("text")), (#""\u00e9\n""#, .string("é\n")), ("[]", .array([])),
        (#"[1, "a", null]"#, .array([.integer(1), .string("a"), .null])), ("{}", .object([:])),
        (#"{"a": {"b": [false]}}"#, .object(["a": .object(["b": .array([.bool(false)])])])),
    ])
    func everyKindOfValueIsReadAsItself(text: String, expected: JSONValue) throws {
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) == expected)
    }

    /// Params go to the stage and back into cache keys: a value must come back unchanged,
    /// an integer as an integer and a boolean as a boolean (never 1 or 0).
    @Test func valuesRoundTripThroughEncoding() throws {
        for (name, value) in fullContext.params {
            let decoded = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
            #expect(decoded == value, "\(name)")
        }
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data("1".utf8)) != .bool(true))
    }

    @Test func malformedJSONIsAnError() {
        for text in ["", "nul", "[1,", #"{"a" 1}"#] {
            #expect(throws: (any Error).self, "\(text)") { try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) }
        }
    }
}

/// `result.json`: what a stage may write next to its outputs.
@Suite struct StageResultTests {
    @Test func metricsAreRead() throws {
        let result = try JSONDecoder().decode(
            StageResult.self, from: Data(#"{"metrics": {"f1": 0.71, "loss": 3, "delta": -1e-3}, "notes": "ignored"}"#.utf8))
        #expect(result.metrics == ["f1": 0.71, "loss": 3, "delta": -0.001])
        #expect(try JSONDecoder().decode(StageResult.self, from: Data(#"{"metrics": {}}"#.utf8)).metrics.isEmpty)
    }

    @Test func aResultRoundTrips() throws {
        let result = StageResult(metrics: ["evaluate.f1": 0.5, "exact_match": 1])
        #expect(try JSONDecoder().decode(StageResult.self, from: JSONEncoder().encode(result)) == result)
    }

    @Test(arguments: [
        #"{"metrics": {"f1": "high"}}"#, #"{"metrics": 3}"#, #"{"metrics": [0.5]}"#, #"{"metrics": {"f1": null}}"#,
        #"{"metrics": {"f1": true}}"#, "{}", "[]", "", "not json", #"{"metrics": {"f1": 0.5}"#,
    ])
    func anythingButNamedNumbersIsAnError(text: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(StageResult.self, from: Data(text.utf8)) }
    }
}
