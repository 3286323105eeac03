extension JSONWriter {
    /// The bytes of a whole JSON file that is hashed, signed or published (manifests,
    /// provenance, signature envelopes, refs, indexes): `value` pretty-printed with its keys
    /// sorted, ending in a newline.
    ///
    /// Throws only when `value`'s own `encode(to:)` throws or holds a number JSON cannot
    /// carry (NaN, an infinity, an integer beyond 64 bits): never an empty or partial file.
    public static func document(_ value: some Encodable) throws(JSONEncodingError) -> [UInt8] {
        document(try JSONValueEncoder.encode(value))
    }

    /// `value` pretty-printed with its keys sorted, ending in a newline.
    public static func document(_ value: JSONValue) -> [UInt8] {
        var json = JSONWriter(pretty: true, capacity: 4096)
        json.value(value)
        return json.bytes + [UInt8(ascii: "\n")]
    }

    /// `value` on one line with no insignificant whitespace and its keys sorted: the
    /// canonical encoding that cache keys and other digests are taken over.
    public static func compact(_ value: JSONValue) -> [UInt8] {
        var json = JSONWriter(pretty: false)
        json.value(value)
        return json.bytes
    }
}
