import Testing
@testable import YAML

@Suite struct YAMLParserTests {
    @Test func nodesCarryFileLineAndColumn() throws {
        let text = """
            version: 1
            stages:
              train:
                needs: [generate, "validate"]
            """
        let root = try #require(try YAMLParser.parse(text, file: "builds.yaml"))
        #expect(root.location == SourceLocation(file: "builds.yaml", line: 1, column: 1))
        let needs = try #require(root["stages"]?["train"]?["needs"]?.sequence)
        #expect(needs.map(\.location.column) == [13, 23])
        #expect(needs.map(\.location.line) == [4, 4])
        #expect(needs[1].scalar?.style == .doubleQuoted)
        #expect(root["version"]?.scalar?.integer == 1)
    }

    @Test func emptyDocumentIsNil() throws {
        #expect(try YAMLParser.parse("", file: "empty.yaml") == nil)
        #expect(try YAMLParser.parse("# only a comment\n", file: "empty.yaml") == nil)
    }

    @Test func duplicateKeysAreErrors() {
        let text = "a: 1\nb: 2\na: 3\n"
        #expect(throws: DiagnosticError.self) { try YAMLParser.parse(text, file: "f.yaml") }
        do {
            _ = try YAMLParser.parse(text, file: "f.yaml")
        } catch {
            #expect(
                error.description
                    == #"f.yaml:3:1: error: duplicate key "a" (first defined at line 1, column 1)"#)
        }
    }

    @Test func duplicateKeysCanBeKeptInOrder() throws {
        let root = try YAMLParser.parse(Array("a: 1\nb: 2\na: 3\n".utf8), file: "f.yaml", duplicateKeys: .kept)
        #expect(root?.mapping?.map { "\($0.key.scalar?.text ?? "")=\($0.value.scalar?.text ?? "")" } == ["a=1", "b=2", "a=3"])
    }

    @Test func duplicateKeysCanTakeTheLastValueAsPyYAMLDoes() throws {
        let root = try YAMLParser.parse(Array("a: 1\nb: 2\na: 3\n".utf8), file: "f.yaml", duplicateKeys: .lastWins)
        #expect(root?["a"]?.scalar?.text == "3")
        #expect(root?.mapping?.count == 2)
    }

    @Test func syntaxErrorsAreLocated() {
        let text = "stages:\n  train: [a, b\n  evaluate: x\n"
        do {
            _ = try YAMLParser.parse(text, file: "bad.yaml")
            Issue.record("expected an error")
        } catch {
            let diagnostic = error.diagnostics[0]
            #expect(diagnostic.location.file == "bad.yaml")
            #expect(diagnostic.location.line == 3)
            #expect(diagnostic.message.contains("flow sequence"))
        }
    }

    @Test func invalidUTF8IsLocated() {
        let bytes = Array("a: 1\nb: ".utf8) + [0xFF, 0xFE, 0x41] + Array("\n".utf8)
        do {
            _ = try YAMLParser.parse(bytes, file: "binary.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics[0].location.line == 2)
            #expect(error.diagnostics[0].message.contains("UTF-8"))
        }
    }

    @Test func secondDocumentIsRefused() {
        #expect(throws: DiagnosticError.self) { try YAMLParser.parse("a: 1\n---\nb: 2\n", file: "f") }
    }

    @Test func undefinedAndSelfReferentialAliases() {
        do {
            _ = try YAMLParser.parse("a: *nowhere\n", file: "f")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "f:1:4: error: alias *nowhere refers to an undefined anchor")
        }
        #expect(throws: DiagnosticError.self) { try YAMLParser.parse("a: &x [1, *x]\n", file: "f") }
    }

    @Test func aliasesResolveToTheAnchoredNode() throws {
        let root = try #require(try YAMLParser.parse("base: &b {seed: 42}\nother: *b\n", file: "f"))
        #expect(root["other"]?["seed"]?.scalar?.integer == 42)
    }

    @Test func billionLaughsIsRefusedWithAReason() {
        var text = "lol0: &lol0 [\"lol\"]\n"
        for level in 1...9 {
            let previous = "*lol\(level - 1)"
            text += "lol\(level): &lol\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        do {
            _ = try YAMLParser.parse(text, file: "laughs.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.count == 1)
            #expect(error.description.contains("billion laughs"))
            #expect(error.description.contains("more than 1000000 nodes"))
        }
    }

    @Test func limitsOnSizeAndDepth() {
        let tight = YAMLLimits(maxBytes: 100, maxDepth: 3, maxNodes: 50)
        #expect(throws: DiagnosticError.self) {
            try YAMLParser.parse(String(repeating: "a", count: 101), file: "f", limits: tight)
        }
        do {
            _ = try YAMLParser.parse("[[[[1]]]]", file: "f", limits: tight)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "f:1:4: error: nesting is deeper than the limit of 3 levels")
        }
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: DiagnosticError.self) { try YAMLParser.parse(deep, file: "f") }
    }

    @Test(arguments: [
        ("42", "an integer"), ("\"42\"", "a string"), ("4.5", "a number"), ("true", "a boolean"),
        ("~", "null"), ("0x1F", "an integer"), ("yes", "a string"), ("1e3", "a number"),
    ])
    func scalarKinds(text: String, kind: String) throws {
        let node = try #require(try YAMLParser.parse("v: \(text)\n", file: "f")?["v"])
        #expect(node.kindDescription == kind)
    }
}
