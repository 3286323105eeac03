import Testing
@testable import YAML

@Suite struct NodeReaderTests {
    private func parse(_ text: String) throws -> Node {
        try #require(try YAMLParser.parse(text, file: "c.yaml"))
    }

    @Test func collectsEveryProblemWithItsPath() throws {
        let root = try parse(
            """
            retry:
              attempts: three
              backof: 30s
            name: [x]
            """)
        let reader = NodeReader()
        let top = try #require(reader.mapping(root, at: KeyPath(), allowed: ["retry", "name", "kind"], required: ["kind"]))
        let retryNode = try #require(top["retry"])
        let retry = try #require(reader.mapping(retryNode, at: top.path("retry"), allowed: ["attempts", "backoff"]))
        _ = reader.integer(try #require(retry["attempts"]), at: retry.path("attempts"))
        _ = reader.string(try #require(top["name"]), at: top.path("name"))
        #expect(
            reader.diagnostics.map(\.description) == [
                #"c.yaml:1:1: error: missing required key "kind""#,
                #"c.yaml:3:3: error: retry: unknown key "backof" (did you mean "backoff"?)"#,
                "c.yaml:2:13: error: retry.attempts: expected an integer, found a string",
                "c.yaml:4:7: error: name: expected a string, found a list",
            ])
    }

    @Test func rangesAndEmptyStrings() throws {
        let root = try parse("workers: 0\nname: '  '\n")
        let reader = NodeReader()
        let workers = try #require(root["workers"])
        let name = try #require(root["name"])
        #expect(reader.integer(workers, at: KeyPath().appending("workers"), in: 1...Int.max) == nil)
        #expect(reader.nonEmptyString(name, at: KeyPath().appending("name")) == nil)
        #expect(
            reader.diagnostics.map(\.message) == ["0 is out of range (at least 1)", "must not be empty"])
    }

    @Test func keyPathsRenderIndexes() {
        let path = KeyPath().appending("builds").appending("release").appending("gates").appending(index: 1)
            .appending("metric")
        #expect(path.description == "builds.release.gates[1].metric")
    }

    @Test(arguments: [
        ("genrate", ["generate", "train"], "generate"), ("trian", ["generate", "train"], "train"),
        ("xyz", ["generate", "train"], nil),
    ])
    func suggestions(word: String, candidates: [String], expected: String?) {
        #expect(Suggestion.closest(to: word, among: candidates) == expected)
    }
}
