/// The one JSON reader of the built-in stages' files: RFC 8259 text to a ``JSONValue``,
/// strictly (no comments, no trailing commas, no leading zeros, no `NaN`, UTF-8 only), with
/// every refusal located by line and column. It is the counterpart of ``JSONWriter``: a
/// model or dataset the writer wrote reads back to the same value.
///
/// It reads bytes in one pass without Foundation's bridging (`JSONSerialization` built an
/// `NSDictionary` per record and cast every field back, most of a training stage's time
/// on a thousand leaves). Numbers without a fraction or exponent that fit an `Int` are
/// `.integer`, every other number `.number`; a key given twice keeps its last value, as
/// `JSONSerialization` and PyYAML do. Nesting deeper than ``maximumDepth`` is refused
/// rather than overflowing the stack on a hostile file.
///
/// ```swift
/// let value = try JSONReader.value(Array(#"{"leaf":"a/b","records":3}"#.utf8))
/// // .object(["leaf": .string("a/b"), "records": .integer(3)])
/// ```
public enum JSONReader {
    /// Arrays and objects nested deeper than this are refused (`JSONSerialization`'s limit).
    public static let maximumDepth = 512

    /// Parses `bytes` as exactly one JSON value, optionally surrounded by whitespace.
    public static func value(_ bytes: some Collection<UInt8>) throws(JSONReadError) -> JSONValue {
        let result: Result<JSONValue, JSONReadError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONReadError) in try parse(buffer) }
        }
        if let result { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer { buffer throws(JSONReadError) in try parse(buffer) }
    }

    /// The members named in `keys` of the JSON object `bytes` holds, one slot per name in
    /// the order of `keys`: `nil` where the object lacks the name, the last value where it
    /// gives the name twice (as ``value(_:)`` keeps it). Every other member is read as
    /// strictly and dropped, so a text is refused exactly when ``value(_:)`` refuses it, with
    /// the same error; no dictionary is built for the object. `nil` when `bytes` holds
    /// another JSON value than an object.
    ///
    /// ```swift
    /// let keys = JSONKeys(["leaf", "records"])
    /// let slots = try JSONReader.members(keys, of: Array(#"{"leaf":"a/b","x":[],"records":3}"#.utf8))
    /// // [.string("a/b"), .integer(3)]
    /// ```
    public static func members(_ keys: JSONKeys, of bytes: some Collection<UInt8>) throws(JSONReadError) -> [JSONValue?]? {
        let result: Result<[JSONValue?]?, JSONReadError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONReadError) in try parseMembers(keys, buffer) }
        }
        if let result { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer { buffer throws(JSONReadError) in try parseMembers(keys, buffer) }
    }

    private static func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws(JSONReadError) -> JSONValue {
        var scanner = Scanner(bytes: buffer)
        scanner.skipWhitespace()
        let value = try scanner.value(depth: 0)
        try scanner.expectEnd()
        return value
    }

    private static func parseMembers(_ keys: JSONKeys, _ buffer: UnsafeBufferPointer<UInt8>) throws(JSONReadError)
        -> [JSONValue?]?
    {
        var scanner = Scanner(bytes: buffer)
        scanner.skipWhitespace()
        guard scanner.startsObject else {
            _ = try scanner.value(depth: 0)
            try scanner.expectEnd()
            return nil
        }
        var slots = [JSONValue?](repeating: nil, count: keys.names.count)
        try scanner.object(depth: 1, key: { (scanner) throws(JSONReadError) in try scanner.slot(of: keys) }) { slot, value in
            if let slot { slots[slot] = value }
        }
        try scanner.expectEnd()
        return slots
    }
}

/// The member names a caller of ``JSONReader/members(_:of:)`` wants, with their UTF-8, so
/// a key is matched by its bytes without making a string of it. Make one per record shape
/// and keep it.
public struct JSONKeys: Sendable {
    /// The names, in the order of the slots ``JSONReader/members(_:of:)`` returns.
    public let names: [String]
    fileprivate let utf8: [[UInt8]]

    public init(_ names: [String]) {
        self.names = names
        self.utf8 = names.map { Array($0.utf8) }
    }

    /// The slot of the name spelled by `bytes`, if wanted.
    fileprivate func slot(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        for (index, name) in utf8.enumerated() where name.count == bytes.count {
            if name.withUnsafeBufferPointer({ $0.elementsEqual(bytes) }) { return index }
        }
        return nil
    }
}

/// Why a JSON text was refused, and where: the byte offset and its 1-based line and column
/// (columns count bytes).
public struct JSONReadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var offset: Int
    public var line: Int
    public var column: Int
    public var reason: String

    public var description: String { "line \(line), column \(column): \(reason)" }
}

/// The cursor over one JSON text.
private struct Scanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var offset = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    func error(_ reason: String, at position: Int? = nil) -> JSONReadError {
        let position = min(position ?? offset, bytes.count)
        var line = 1
        var lineStart = 0
        for index in 0..<position where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        return JSONReadError(offset: position, line: line, column: position - lineStart + 1, reason: reason)
    }

    private var current: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    var startsObject: Bool { current == UInt8(ascii: "{") }

    /// Only whitespace is left after the value.
    mutating func expectEnd() throws(JSONReadError) {
        skipWhitespace()
        guard offset == bytes.count else { throw error("unexpected text after the JSON value") }
    }

    mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    mutating func value(depth: Int) throws(JSONReadError) -> JSONValue {
        guard let byte = current else { throw error("unexpected end of text, expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw error("unexpected character \(Self.shown(byte)), expected a value")
        }
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) throws(JSONReadError) -> JSONValue {
        let count = word.utf8CodeUnitCount
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        guard offset + count <= bytes.count, bytes[offset..<offset + count].elementsEqual(expected) else {
            throw error("unexpected text, expected \(word)")
        }
        offset += count
        return value
    }

    private mutating func object(depth: Int) throws(JSONReadError) -> JSONValue {
        var members: [String: JSONValue] = [:]
        try object(depth: depth, key: { (scanner) throws(JSONReadError) in try scanner.string() }) { key, value in
            members[key] = value
        }
        return .object(members)
    }

    /// An object from its opening brace: each member's key read by `key` from its opening
    /// quote, then handed with its value to `member`, in order.
    mutating func object<Key>(
        depth: Int, key: (inout Scanner) throws(JSONReadError) -> Key, member: (Key, JSONValue) -> Void
    ) throws(JSONReadError) {
        guard depth <= JSONReader.maximumDepth else { throw error("nested deeper than \(JSONReader.maximumDepth) levels") }
        offset += 1
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            offset += 1
            return
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a key in quotes") }
            let name = try key(&self)
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw error("expected \":\" after the key") }
            offset += 1
            skipWhitespace()
            member(name, try value(depth: depth))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "}"):
                offset += 1
                return
            default: throw error("expected \",\" or \"}\" in an object")
            }
        }
    }

    /// A key from its opening quote, as its slot among `keys`. A key of printable ASCII
    /// without escapes (every key the stages write) is matched by its bytes; any other is
    /// read as a string, with its errors, and matched by its text.
    mutating func slot(of keys: JSONKeys) throws(JSONReadError) -> Int? {
        var end = offset + 1
        while end < bytes.count, (0x20..<0x80).contains(bytes[end]), bytes[end] != UInt8(ascii: "\""),
            bytes[end] != UInt8(ascii: "\\")
        {
            end += 1
        }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            let slot = keys.slot(of: UnsafeBufferPointer(rebasing: bytes[offset + 1..<end]))
            offset = end + 1
            return slot
        }
        return keys.names.firstIndex(of: try string())
    }

    private mutating func array(depth: Int) throws(JSONReadError) -> JSONValue {
        guard depth <= JSONReader.maximumDepth else { throw error("nested deeper than \(JSONReader.maximumDepth) levels") }
        offset += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            offset += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try value(depth: depth))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "]"):
                offset += 1
                return .array(elements)
            default: throw error("expected \",\" or \"]\" in an array")
            }
        }
    }

    /// A string from its opening quote; the text between quotes without escapes is taken
    /// as it is (after checking its UTF-8), else its runs and decoded escapes are gathered
    /// as UTF-8 and made a string once.
    mutating func string() throws(JSONReadError) -> String {
        let open = offset
        offset += 1
        let start = offset
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                let text = try utf8(start..<offset)
                offset += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character \(Self.shown(byte)) in a string; escape it") }
            offset += 1
        }
        guard offset < bytes.count else { throw error("string not closed", at: open) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(offset - start + 64)
        try appendRun(start..<offset, to: &decoded)
        while offset < bytes.count {
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                return String(decoding: decoded, as: UTF8.self)
            case UInt8(ascii: "\\"):
                let scalar = try escape()
                decoded.append(contentsOf: scalar.utf8)
            case 0..<0x20:
                throw error("control character \(Self.shown(byte)) in a string; escape it")
            default:
                let runStart = offset
                while offset < bytes.count, bytes[offset] != UInt8(ascii: "\""), bytes[offset] != UInt8(ascii: "\\"),
                    bytes[offset] >= 0x20
                {
                    offset += 1
                }
                try appendRun(runStart..<offset, to: &decoded)
            }
        }
        throw error("string not closed", at: open)
    }

    /// Appends a run of a string's bytes between escapes, refused where ``utf8(_:)``
    /// refuses it. A run ends before a quote, a backslash or a control byte, none of which
    /// can be inside a UTF-8 sequence, so runs valid one by one make a valid whole.
    private func appendRun(_ range: Range<Int>, to decoded: inout [UInt8]) throws(JSONReadError) {
        let run = UnsafeBufferPointer(rebasing: bytes[range])
        if !run.allSatisfy({ $0 < 0x80 }) { _ = try utf8(range) }
        decoded.append(contentsOf: run)
    }

    private func utf8(_ range: Range<Int>) throws(JSONReadError) -> String {
        guard let text = String(validating: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) else {
            throw error("a string is not valid UTF-8", at: range.lowerBound)
        }
        return text
    }

    /// One escape from its backslash; a `\u` high surrogate must be followed by a `\u` low
    /// surrogate, and a lone surrogate is refused (it is no Unicode scalar).
    private mutating func escape() throws(JSONReadError) -> Unicode.Scalar {
        let start = offset
        offset += 1
        guard let byte = current else { throw error("string not closed") }
        offset += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try hexUnit()
            if (0xD800..<0xDC00).contains(unit) {
                guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u")
                else { throw error("a high surrogate \\u escape without its low surrogate", at: start) }
                offset += 2
                let low = try hexUnit()
                guard (0xDC00..<0xE000).contains(low) else {
                    throw error("a high surrogate \\u escape without its low surrogate", at: start)
                }
                return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!
            }
            guard let scalar = Unicode.Scalar(unit) else {
                throw error("a low surrogate \\u escape without its high surrogate", at: start)
            }
            return scalar
        default:
            throw error("unknown escape \\\(Self.shown(byte, quoted: false)) in a string", at: start)
        }
    }

    private mutating func hexUnit() throws(JSONReadError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw error("a \\u escape needs four hexadecimal digits") }
        var unit: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("a \\u escape needs four hexadecimal digits")
            }
            unit = unit << 4 | UInt32(digit)
            offset += 1
        }
        return unit
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`: an `Int` when it has neither
    /// fraction nor exponent and fits, else the nearest `Double`.
    private mutating func number() throws(JSONReadError) -> JSONValue {
        let start = offset
        if current == UInt8(ascii: "-") { offset += 1 }
        guard let first = current, Self.isDigit(first) else { throw error("expected a digit in a number") }
        offset += 1
        if first == UInt8(ascii: "0"), let next = current, Self.isDigit(next) {
            throw error("a number cannot start with 0 followed by digits", at: start)
        }
        skipDigits()
        var integral = true
        if current == UInt8(ascii: ".") {
            integral = false
            offset += 1
            guard let digit = current, Self.isDigit(digit) else { throw error("expected a digit after the decimal point") }
            skipDigits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            integral = false
            offset += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { offset += 1 }
            guard let digit = current, Self.isDigit(digit) else { throw error("expected a digit in the exponent") }
            skipDigits()
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        if integral, let integer = Int(text) { return .integer(integer) }
        guard let number = Double(text), number.isFinite else {
            throw error("the number \(text) is out of range", at: start)
        }
        return .number(number)
    }

    private mutating func skipDigits() {
        while let byte = current, Self.isDigit(byte) { offset += 1 }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private static func shown(_ byte: UInt8, quoted: Bool = true) -> String {
        let text =
            (0x21..<0x7F).contains(byte)
            ? String(UnicodeScalar(byte)) : "0x" + String(byte, radix: 16, uppercase: true)
        return quoted && (0x21..<0x7F).contains(byte) ? "\"\(text)\"" : text
    }
}
