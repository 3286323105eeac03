import Git
import Testing

@Suite("Object ids")
struct ObjectIDTests {
    @Test func hexRoundTripsAndIgnoresCase() throws {
        let hex = "0123456789abcdef0123456789abcdef01234567"
        let id = try #require(ObjectID(hex: hex))
        #expect(id.hex == hex)
        #expect(id.description == hex)
        #expect(ObjectID(hex: hex.uppercased()) == id)
        #expect(!id.isZero)
        #expect(try #require(ObjectID(hex: String(repeating: "0", count: 40))).isZero)
    }

    @Test(arguments: ["", "abc", String(repeating: "g", count: 40), String(repeating: "a", count: 41)])
    func rejectsAnythingButFortyHexDigits(text: String) {
        #expect(ObjectID(hex: text) == nil)
    }

    @Test func idsDifferingInTheLastByteDiffer() throws {
        let first = try #require(ObjectID(hex: String(repeating: "a", count: 39) + "b"))
        let second = try #require(ObjectID(hex: String(repeating: "a", count: 39) + "c"))
        #expect(first != second)
        #expect(Set([first, second]).count == 2)
    }
}
