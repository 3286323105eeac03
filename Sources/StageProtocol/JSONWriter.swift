/// The one JSON writer of modelbuild: every byte stream that is hashed or signed — cache
/// keys, `context.json`, journal lines, store entries, manifests, provenance, signature
/// payloads, the built-in stages' outputs — is written here, so one policy decides its bytes
/// and no Foundation release can change them. It lives in StageProtocol because every
/// module that writes such bytes (BuildConfiguration, Runner, Artifacts, Stages) already
/// depends on StageProtocol, and StageProtocol depends on nothing. Codable values reach it
/// through `JSONValueEncoder` (see `JSONWriter.document(_:)`); `JSONEncoder` also went
/// through a generic value tree and cost a fifth of the runner's own time per stage.
///
/// The policy: object keys sorted by their Unicode scalars wherever a value's keys are not
/// given one by one (`JSONValue` objects, Codable values, dictionaries); callers that give
/// keys one by one give them sorted.
/// Keys are written in the order given; callers give them in a fixed order, so the same
/// value always gives the same bytes. Pretty-printed text is laid out exactly as
/// `JSONEncoder`'s `.prettyPrinted` lays it out (`"key" : value`, two-space indents), so
/// a stage script that reads `context.json` line by line keeps working. Strings are escaped as JSON requires (quote,
/// backslash, control characters) and nothing more: `/` and non-ASCII text are written
/// as they are. Numbers that JSON cannot hold (NaN, infinities) are written as `null`;
/// the readers of these files refuse such values before they get here.
///
/// ```swift
/// var json = JSONWriter()
/// json.object { json in
///     json.field("job", "train")
///     json.field("attempt", 2)
/// }
/// // {"job":"train","attempt":2}
/// ```
public struct JSONWriter: Sendable {
    /// The text so far.
    public private(set) var bytes: [UInt8] = []
    /// Indent nested lines by two spaces, one key or element a line.
    public let pretty: Bool
    /// For each open object or array, whether nothing has been written in it yet.
    private var empty: [Bool] = []
    /// A key was just written, so the next value follows it directly.
    private var afterKey = false

    /// An empty writer; `capacity` bytes are reserved up front.
    public init(pretty: Bool = false, capacity: Int = 256) {
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
    }

    // MARK: Containers

    /// `{ … }`, with `body` writing its fields.
    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        container(open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), body)
    }

    /// `[ … ]`, with `body` writing its elements.
    public mutating func array(_ body: (inout JSONWriter) -> Void) {
        container(open: UInt8(ascii: "["), close: UInt8(ascii: "]"), body)
    }

    private mutating func container(open: UInt8, close: UInt8, _ body: (inout JSONWriter) -> Void) {
        startValue()
        bytes.append(open)
        empty.append(true)
        body(&self)
        let wasEmpty = empty.removeLast()
        if pretty {
            // An empty one as `JSONEncoder` writes it, a blank line inside.
            if wasEmpty { bytes.append(UInt8(ascii: "\n")) }
            newline()
        }
        bytes.append(close)
    }

    /// The key of the next value, in an object.
    public mutating func key(_ name: String) {
        startValue()
        writeString(name)
        bytes.append(contentsOf: pretty ? Array(" : ".utf8) : [UInt8(ascii: ":")])
        afterKey = true
    }

    // MARK: Values

    /// A string, escaped as the policy says.
    public mutating func value(_ text: String) {
        startValue()
        writeString(text)
    }

    /// An integer in decimal digits.
    public mutating func value(_ number: Int) {
        startValue()
        bytes.append(contentsOf: String(number).utf8)
    }

    /// A whole number without a fraction (`2`, as `JSONEncoder` writes it), others in the
    /// shortest form that reads back as the same `Double`.
    public mutating func value(_ number: Double) {
        startValue()
        guard number.isFinite else {
            bytes.append(contentsOf: "null".utf8)
            return
        }
        if number.rounded() == number, abs(number) < 9_007_199_254_740_992 {
            bytes.append(contentsOf: String(Int64(number)).utf8)
        } else {
            bytes.append(contentsOf: number.description.utf8)
        }
    }

    /// `true` or `false`.
    public mutating func value(_ flag: Bool) {
        startValue()
        bytes.append(contentsOf: (flag ? "true" : "false").utf8)
    }

    /// `null`.
    public mutating func null() {
        startValue()
        bytes.append(contentsOf: "null".utf8)
    }

    /// A whole `JSONValue`, its objects' keys sorted.
    public mutating func value(_ json: JSONValue) {
        switch json {
        case .null: null()
        case .bool(let flag): value(flag)
        case .integer(let number): value(number)
        case .number(let number): value(number)
        case .string(let text): value(text)
        case .array(let elements):
            array { json in
                for element in elements { json.value(element) }
            }
        case .object(let fields):
            object { json in
                for name in fields.keys.sorted() {
                    json.key(name)
                    json.value(fields[name]!)
                }
            }
        }
    }

    // MARK: Fields

    /// `"name": text`.
    public mutating func field(_ name: String, _ text: String) {
        key(name)
        value(text)
    }

    /// `"name": number`.
    public mutating func field(_ name: String, _ number: Int) {
        key(name)
        value(number)
    }

    /// `"name": number`, written as `value(_: Double)` writes it.
    public mutating func field(_ name: String, _ number: Double) {
        key(name)
        value(number)
    }

    /// `"name": true` or `false`.
    public mutating func field(_ name: String, _ flag: Bool) {
        key(name)
        value(flag)
    }

    /// Nothing at all when `text` is nil, as `encodeIfPresent` does.
    public mutating func field(_ name: String, ifPresent text: String?) {
        guard let text else { return }
        field(name, text)
    }

    /// `"name": [texts…]`, in the order given.
    public mutating func field(_ name: String, _ texts: [String]) {
        key(name)
        array { json in
            for text in texts { json.value(text) }
        }
    }

    /// An object of strings, its keys sorted.
    public mutating func field(_ name: String, _ texts: [String: String]) {
        key(name)
        object { json in
            for key in texts.keys.sorted() { json.field(key, texts[key]!) }
        }
    }

    /// An object of numbers, its keys sorted.
    public mutating func field(_ name: String, _ numbers: [String: Double]) {
        key(name)
        object { json in
            for key in numbers.keys.sorted() { json.field(key, numbers[key]!) }
        }
    }

    // MARK: Text

    /// The separator before a value: nothing after a key or at the start of a container,
    /// a comma otherwise, and a new indented line when pretty.
    private mutating func startValue() {
        if afterKey {
            afterKey = false
            return
        }
        guard let last = empty.indices.last else { return }
        if empty[last] {
            empty[last] = false
        } else {
            bytes.append(UInt8(ascii: ","))
        }
        if pretty { newline() }
    }

    private mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * empty.count))
    }

    private mutating func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                let digits = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(digits[Int(byte >> 4)])
                bytes.append(digits[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
