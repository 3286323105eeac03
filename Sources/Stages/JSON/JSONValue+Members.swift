import StageProtocol

/// One `"key": value` member of an object the built-in stages write, so a record reads in
/// the source in the order a person expects while `JSONWriter` writes its keys sorted.
struct JSONMember {
    var key: String
    var value: JSONValue

    init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}

extension JSONValue {
    /// An object of `members`; a key given twice keeps its last value.
    static func object(_ members: [JSONMember]) -> JSONValue {
        .object(Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last }))
    }

    /// A string value, or `null` when absent.
    static func optional(_ value: String?) -> JSONValue {
        value.map(JSONValue.string) ?? .null
    }

    /// The value as compact JSON text, by modelbuild's one writer.
    var bytes: [UInt8] { JSONWriter.compact(self) }

    /// The value as indented JSON text ending in a newline, for files people read.
    var prettyBytes: [UInt8] { JSONWriter.document(self) }
}
