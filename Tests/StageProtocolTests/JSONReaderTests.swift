import Foundation
import StageProtocol
import Testing

/// Whether `value`, read by `JSONReader`, is what `JSONSerialization` read from the same
/// text: Foundation is the independent reader the built-in stages used before.
private func same(_ value: JSONValue, _ foundation: Any) -> Bool {
    switch value {
    case .null: return foundation is NSNull
    case .bool(let bool): return (foundation as? Bool) == bool
    case .integer(let integer): return (foundation as? NSNumber).map { $0.doubleValue == Double(integer) } ?? false
    case .number(let number): return (foundation as? NSNumber).map { $0.doubleValue == number } ?? false
    case .string(let string): return (foundation as? String) == string
    case .array(let elements):
        guard let theirs = foundation as? [Any], theirs.count == elements.count else { return false }
        return zip(elements, theirs).allSatisfy(same)
    case .object(let members):
        guard let theirs = foundation as? [String: Any], theirs.count == members.count else { return false }
        return members.allSatisfy { key, value in theirs[key].map { same(value, $0) } ?? false }
    }
}

private func foundationReads(_ bytes: [UInt8]) -> Any? {
    try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
}

/// Texts both readers accept, chosen for the corners of the grammar.
private let validTexts: [String] = [
    #"{}"#, #"[]"#, #" { "a" : [ 1 , 2 ] } "#, "\t\r\n[\n1\n]\n", #"null"#, #"true"#, #"false"#, #"0"#, #"-0"#,
    #"[0, -1, 123456789, 9223372036854775807, -9223372036854775808]"#,
    #"[9223372036854775808, 1e3, 1E-3, 2.5e+10, -0.0, 0.1, 3.0, 1.7976931348623157e308, 5e-324]"#,
    #"["", "plain", "quote \" backslash \\ slash \/ controls \b\f\n\r\t"]"#,
    #"["\u0041\u00e9\u4e2d\uD83D\uDE00", "\u0000 nul", "\u001f"]"#,
    #"["ünïcode ✓ 中文 😀 e\u0301", "line\u2028sep"]"#,
    #"{"a": 1, "a": 2}"#,
    #"{"nested": {"deeper": [{"x": [[[]]]}], "empty": {}}}"#,
    #"{"messages":[{"content":"What is fact 1?","role":"user"}],"metadata":"{\"leaf\":\"a/b\"}"}"#,
]

/// Texts JSON does not allow; both readers refuse them.
private let invalidTexts: [String] = [
    "", " ", "[01]", "[1.]", "[.1]", "[-]", "[--1]", "[+1]", "[0x1]", "[1e]", "[1e+]",
    #"["\x"]"#, "[\"a\u{01}\"]", "[\"tab\there\"]", "[NaN]", "[Infinity]", "{'a':1}", "[1 2]", #"{"a" 1}"#,
    #"{"a":}"#, "{1:2}", "[tru]", "[nul]", "[True]", "// comment\n{}", "{} {}", "[", "]", #"{"a":1"#, #"["abc"#,
    #"["\u12"]"#, #"["\uZZZZ"]"#, "[1]x", "[1e400]",
]

@Suite struct JSONReaderTests {
    @Test(arguments: validTexts)
    func readsWhatFoundationReads(_ text: String) throws {
        let value = try JSONReader.value(Array(text.utf8))
        let foundation = try #require(foundationReads(Array(text.utf8)))
        #expect(same(value, foundation), "\(value)")
    }

    @Test(arguments: invalidTexts)
    func refusesWhatJSONForbids(_ text: String) {
        #expect(foundationReads(Array(text.utf8)) == nil || text == "[1e400]", "Foundation accepted \(text)")
        #expect(throws: JSONReadError.self) { try JSONReader.value(Array(text.utf8)) }
    }

    /// Foundation lets a trailing comma through; RFC 8259 does not, and neither does the reader.
    @Test(arguments: ["[1,]", #"{"a":1,}"#, "[[],]"])
    func refusesTrailingCommas(_ text: String) {
        #expect(throws: JSONReadError.self) { try JSONReader.value(Array(text.utf8)) }
    }

    /// Foundation drops U+FEFF inside strings; a contributor's text keeps every scalar.
    @Test func keepsAZeroWidthNoBreakSpaceInAString() throws {
        #expect(try JSONReader.value(Array("[\"\u{FEFF}a\u{FEFF}\"]".utf8)) == .array([.string("\u{FEFF}a\u{FEFF}")]))
    }

    @Test(arguments: [[UInt8(ascii: "\""), 0xFF, UInt8(ascii: "\"")], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22]])
    func refusesInvalidUTF8(_ bytes: [UInt8]) {
        #expect(throws: JSONReadError.self) { try JSONReader.value(bytes) }
    }

    @Test(arguments: [#"["\uD800"]"#, #"["\uDC00"]"#, #"["\uD800\u0041"]"#, #"["\uD800x"]"#])
    func refusesLoneSurrogates(_ text: String) {
        // No Unicode scalar can hold half a surrogate pair; Swift's String could not either.
        #expect(throws: JSONReadError.self) { try JSONReader.value(Array(text.utf8)) }
    }

    @Test func integersAndNumbersAreToldApart() throws {
        #expect(try JSONReader.value(Array("[3, 3.0, 3e0, -7, 9223372036854775808]".utf8))
            == .array([.integer(3), .number(3), .number(3), .integer(-7), .number(9_223_372_036_854_775_808)]))
    }

    @Test func aRepeatedKeyKeepsItsLastValue() throws {
        #expect(try JSONReader.value(Array(#"{"a":1,"b":2,"a":3}"#.utf8)) == .object(["a": .integer(3), "b": .integer(2)]))
    }

    @Test func errorsNameTheLineAndColumn() {
        let text = "{\n  \"leaf\": \"a\",\n  \"records\": 01\n}"
        #expect {
            try JSONReader.value(Array(text.utf8))
        } throws: { error in
            guard let error = error as? JSONReadError else { return false }
            return error.line == 3 && error.column == 14 && error.description.hasPrefix("line 3, column 14: ")
        }
        #expect {
            try JSONReader.value(Array("[\"never closed".utf8))
        } throws: { error in
            (error as? JSONReadError)?.column == 2 && "\(error)".contains("string not closed")
        }
    }

    @Test func deepNestingIsRefusedNotACrash() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONReadError.self) { try JSONReader.value(Array(deep.utf8)) }
        let allowed = String(repeating: "[", count: JSONReader.maximumDepth) + String(repeating: "]", count: JSONReader.maximumDepth)
        _ = try JSONReader.value(Array(allowed.utf8))
    }

    /// Reading an object's members by name refuses exactly what reading the whole value
    /// refuses, with the same error, and gives each named member's last value.
    @Test(arguments: validTexts + invalidTexts + [
        #"{"a":1,"\u0061":2}"#, #"{"a":1,"a":[}"#, "{\"a\":\"\u{FF}\"}", #"{"é":1,"a":{"a":3}}"#, #"{"k":1} x"#,
        "\u{FEFF}{}",
    ])
    func membersAgreeWithTheWholeValue(_ text: String) throws {
        let keys = JSONKeys(["a", "nested", "messages", "k", "é", ""])
        let whole = Result { () throws(JSONReadError) in try JSONReader.value(Array(text.utf8)) }
        let members = Result { () throws(JSONReadError) in try JSONReader.members(keys, of: Array(text.utf8)) }
        switch (whole, members) {
        case (.failure(let expected), .failure(let found)): #expect(found == expected)
        case (.success(.object(let object)), .success(let slots)): #expect(slots == keys.names.map { object[$0] })
        case (.success, .success(let slots)): #expect(slots == nil)
        default: Issue.record("value gave \(whole), members gave \(members)")
        }
    }

    @Test func membersOfRandomObjects() throws {
        var random = SeededRandom(seed: 0xB0B)
        for _ in 0..<500 {
            guard case .object(let object) = randomValue(&random, depth: 3) else { continue }
            let keys = JSONKeys(object.keys.sorted().dropFirst() + ["absent"])
            for bytes in [JSONWriter.compact(.object(object)), JSONWriter.document(.object(object))] {
                let slots = try JSONReader.members(keys, of: bytes)
                #expect(slots == keys.names.map { object[$0].map(writtenForm) })
            }
        }
    }

    /// Whatever the one writer writes, the reader reads back to the same value: random
    /// values with every kind of scalar and string. (Foundation is no reference here: it
    /// rounds some long decimals to a neighbouring `Double` and drops U+FEFF.)
    @Test func readsBackWhatTheWriterWrites() throws {
        var random = SeededRandom(seed: 0x5EED)
        for _ in 0..<2_000 {
            let value = randomValue(&random, depth: 0)
            for bytes in [JSONWriter.compact(value), JSONWriter.document(value)] {
                let read = try JSONReader.value(bytes)
                #expect(read == writtenForm(value), "\(String(decoding: bytes, as: UTF8.self))")
            }
        }
    }
}

/// `value` as the writer gives it back: a whole `Double` is written as an integer.
private func writtenForm(_ value: JSONValue) -> JSONValue {
    switch value {
    case .number(let number) where number.rounded() == number && abs(number) < 9_007_199_254_740_992:
        return .integer(Int(number))
    case .array(let elements): return .array(elements.map(writtenForm))
    case .object(let members): return .object(members.mapValues(writtenForm))
    default: return value
    }
}

/// SplitMix64, so a failure is reproducible from its seed.
private struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

private let sampleScalars: [Unicode.Scalar] = [
    "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "ß", "中", "😀", "\u{301}",
    "\u{2028}", "\u{FEFF}", "\u{10FFFF}",
]

private func randomValue(_ random: inout SeededRandom, depth: Int) -> JSONValue {
    switch random.below(depth > 3 ? 6 : 8) {
    case 0: return .null
    case 1: return .bool(random.below(2) == 0)
    case 2: return .integer(Int(truncatingIfNeeded: random.next()) >> random.below(64))
    case 3:
        let number = Double(bitPattern: random.next())
        return number.isFinite ? .number(number) : .number(Double(random.below(1000)) / 7)
    case 4, 5:
        var scalars = String.UnicodeScalarView()
        for _ in 0..<random.below(12) { scalars.append(sampleScalars[random.below(sampleScalars.count)]) }
        return .string(String(scalars))
    case 6: return .array((0..<random.below(5)).map { _ in randomValue(&random, depth: depth + 1) })
    default:
        var members: [String: JSONValue] = [:]
        for index in 0..<random.below(5) { members["k\(index)\(sampleScalars[random.below(sampleScalars.count)])"] = randomValue(&random, depth: depth + 1) }
        return .object(members)
    }
}
