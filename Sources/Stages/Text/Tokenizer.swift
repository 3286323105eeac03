/// Turns text into the terms the lexical model indexes and searches.
///
/// 1. **Words.** The text is lowercased and split into runs of letters, digits and combining
///    marks (Unicode-aware: `Café`, `naïve`, `東京` are words). An apostrophe (`'` or `’`)
///    inside a run stays in it; then a trailing possessive `'s` is dropped and the remaining
///    apostrophes are removed (`bird's` → `bird`, `don't` → `dont`).
/// 2. **Stop words.** Words in ``stopWords`` are dropped: function words and the
///    politeness/instruction words people wrap questions in (`please`, `tell`, `explain`).
///    Question words (`what`, `when`, `where`, `who`, `why`, `how`, `which`) are kept: they
///    tell apart questions about one subject.
/// 3. **Stemming.** Each word goes through ``stem(_:)``, a light suffix stripper.
public struct Tokenizer: Sendable {
    public init() {}

    /// The terms of `text`: words, minus stop words, stemmed.
    public func terms(_ text: String) -> [String] {
        var terms: [String] = []
        forEachTerm(in: text) { terms.append($0) }
        return terms
    }

    /// Calls `body` with each of ``terms(_:)`` in order, without collecting them: the
    /// index interns terms as they come.
    public func forEachTerm(in text: String, _ body: (String) -> Void) {
        forEachTermUTF8(in: text) { body(String(decoding: $0, as: UTF8.self)) }
    }

    /// Calls `body` with the UTF-8 bytes of each of ``terms(_:)``, valid only during the
    /// call: an index finds a term by its bytes without making a String of it.
    func forEachTermUTF8(in text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        Self.forEachWord(in: text) { word in
            guard !word.isStopWord else { return }
            // Stemming changes the bytes only when it changes the word.
            _ = word.stem()
            word.bytes.withUnsafeBufferPointer(body)
        }
    }

    /// The lowercased words of `text`, before stop-word removal and stemming.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        forEachWord(in: text) { words.append($0.string) }
        return words
    }

    /// Calls `body` with each word, lowercased. The text is read as UTF-8 bytes: ASCII,
    /// the common case, is classified and lowercased byte by byte; any other scalar is
    /// decoded and lowercased with its Unicode lowercase mapping, which is what
    /// `String.lowercased()` does. The apostrophe rules look only at ASCII bytes (`'`,
    /// `s`), which never occur inside a multi-byte scalar, so they read the same on bytes
    /// as on scalars.
    private static func forEachWord(in text: String, _ body: (inout Word) -> Void) {
        var text = text
        var word = Word()
        text.withUTF8 { utf8 in
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                guard byte >= 0x80 else {
                    switch byte {
                    case 0x61...0x7A, 0x30...0x39: word.append(byte)
                    case 0x41...0x5A: word.append(byte + 0x20)
                    case 0x27: word.appendApostrophe()
                    default: word.finish(body)
                    }
                    index += 1
                    continue
                }
                let (scalar, length) = decodeScalar(utf8, at: index)
                index += length
                if scalar == "\u{2019}" {
                    word.appendApostrophe()
                } else if isWordScalar(scalar) {
                    for lower in scalar.properties.lowercaseMapping.unicodeScalars { word.append(lower) }
                } else {
                    word.finish(body)
                }
            }
        }
        word.finish(body)
    }

    /// The multi-byte scalar starting at `index` of valid UTF-8 (a String's bytes always
    /// are), and its length in bytes.
    static func decodeScalar(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(utf8[index])
        let length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        var value = lead & (0x7F >> UInt32(length))
        for offset in 1..<length { value = value << 6 | UInt32(utf8[index + offset] & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// A word being read: its lowercased UTF-8 bytes, whether any is outside ASCII, and
    /// whether any is an apostrophe (most words have none to remove).
    struct Word {
        private(set) var bytes: [UInt8] = []
        private var isASCII = true
        private var hasApostrophe = false

        init() { bytes.reserveCapacity(64) }

        var string: String { String(decoding: bytes, as: UTF8.self) }

        mutating func append(_ byte: UInt8) { bytes.append(byte) }

        mutating func append(_ scalar: Unicode.Scalar) {
            if !scalar.isASCII { isASCII = false }
            UTF8.encode(scalar) { bytes.append($0) }
        }

        /// An apostrophe (`'` or `’`) counts only inside a word.
        mutating func appendApostrophe() {
            guard !bytes.isEmpty else { return }
            bytes.append(0x27)
            hasApostrophe = true
        }

        /// Ends the word: trailing apostrophes go, then a possessive `'s`, then every other
        /// apostrophe; `body` gets what is left, if anything.
        mutating func finish(_ body: (inout Word) -> Void) {
            if hasApostrophe {
                while bytes.last == 0x27 { bytes.removeLast() }
                if bytes.count >= 2, bytes[bytes.count - 2] == 0x27, bytes.last == 0x73 { bytes.removeLast(2) }
                bytes.removeAll { $0 == 0x27 }
            }
            if !bytes.isEmpty { body(&self) }
            bytes.removeAll(keepingCapacity: true)
            isASCII = true
            hasApostrophe = false
        }

        /// Whether the word is one of ``Tokenizer/stopWords``. An ASCII word of up to eight
        /// bytes is looked up by its bytes packed in an integer (no word byte is zero, so
        /// different words pack differently); any other by its String.
        var isStopWord: Bool {
            guard bytes.count <= Tokenizer.longestStopWord else { return false }
            guard isASCII, let packed = Tokenizer.packed(bytes) else { return Tokenizer.stopWords.contains(string) }
            return Tokenizer.isPackedStopWord(packed)
        }

        /// Stems the word in place (``Tokenizer/stem(_:)``); returns whether it changed.
        /// An ASCII word is stemmed on its bytes, any other on its scalars, so that the
        /// rules count letters, not bytes.
        mutating func stem() -> Bool {
            if isASCII { return Tokenizer.stem(&bytes) }
            var scalars = Array(string.unicodeScalars)
            guard Tokenizer.stem(&scalars) else { return false }
            bytes.removeAll(keepingCapacity: true)
            for scalar in scalars { UTF8.encode(scalar) { bytes.append($0) } }
            return true
        }
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.isAlphabetic { return true }
        switch properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark:
            return true
        default:
            return false
        }
    }

    /// Words the model ignores. Small on purpose: articles, auxiliaries, pronouns,
    /// prepositions and conjunctions, and the wrapper words of polite or instruction-style
    /// questions.
    public static let stopWords: Set<String> = [
        "a", "an", "the", "and", "or", "but", "if", "so", "than", "then", "as", "of", "to", "in",
        "on", "at", "by", "for", "with", "from", "into", "about", "is", "are", "was", "were", "be",
        "been", "being", "am", "do", "does", "did", "can", "could", "would", "will", "shall",
        "should", "may", "might", "must", "this", "that", "these", "those", "it", "its", "i", "me",
        "my", "you", "your", "we", "our", "us", "he", "she", "they", "them", "their", "his", "her",
        "there", "please", "tell", "explain", "describe", "know", "like", "thank", "thanks",
        "question", "answer", "briefly", "quick", "curious", "idea", "any", "some", "just", "also",
    ]

    /// The length in bytes of the longest stop word: longer words need no lookup.
    static let longestStopWord = stopWords.map(\.utf8.count).max() ?? 0

    /// The stop words of up to eight bytes, packed by ``packed(_:)``, in a table of 256
    /// slots (0 is empty: no packed word is 0) placed by ``stopWordSlot(_:)`` and the slots
    /// after it: finding a word costs a multiplication, not a hash of its bytes. The
    /// table is fixed, so no text can make its probes long.
    static let stopWordTable: [UInt64] = {
        var table = [UInt64](repeating: 0, count: 256)
        for word in stopWords {
            guard let packed = packed(Array(word.utf8)) else { continue }
            var slot = stopWordSlot(packed)
            while table[slot] != 0 { slot = (slot + 1) & 255 }
            table[slot] = packed
        }
        return table
    }()

    private static func stopWordSlot(_ packed: UInt64) -> Int {
        Int(truncatingIfNeeded: (packed &* 0x9E37_79B9_7F4A_7C15) >> 56)
    }

    /// Whether `packed` is a packed stop word.
    static func isPackedStopWord(_ packed: UInt64) -> Bool {
        var slot = stopWordSlot(packed)
        while stopWordTable[slot] != 0 {
            if stopWordTable[slot] == packed { return true }
            slot = (slot + 1) & 255
        }
        return false
    }

    /// Up to eight bytes as one integer, the first byte highest; nil for longer words.
    static func packed(_ bytes: [UInt8]) -> UInt64? {
        guard bytes.count <= 8 else { return nil }
        return bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
