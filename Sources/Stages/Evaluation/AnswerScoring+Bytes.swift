/// ``AnswerScoring/tokens(_:)`` on a text's UTF-8 bytes, giving exactly what
/// ``AnswerScoring/tokensByCharacters(_:)`` gives.
///
/// ASCII is lowercased and classified byte by byte; any other scalar is decoded, mapped by
/// its Unicode lowercase mapping (what `String.lowercased()` does, scalar by scalar), and
/// each scalar of the mapping is dropped when it is punctuation. What is kept is split at
/// whitespace scalars. The written normalisation splits Characters instead, and a
/// Character is whitespace when its first scalar is: the two splits differ only where a
/// grapheme cluster holds a whitespace scalar and another scalar. Two ASCII scalars share a
/// cluster only as CR LF (both whitespace), so such a cluster has a whitespace scalar next
/// to a non-ASCII non-whitespace one (a combining mark after a space, a prepended mark
/// before one). Where the kept scalars have that pair, this returns `nil` and the
/// Characters decide.
extension AnswerScoring {
    static func tokens(utf8: UnsafeBufferPointer<UInt8>) -> [String]? {
        var scanner = TokenScanner()
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte < 0x80 {
                index += 1
                let lower = Unicode.Scalar((0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
                guard isPunctuation(lower) || scanner.keep(lower) else { return nil }
                continue
            }
            let (scalar, length) = Tokenizer.decodeScalar(utf8, at: index)
            index += length
            for lower in scalar.properties.lowercaseMapping.unicodeScalars where !isPunctuation(lower) {
                guard scanner.keep(lower) else { return nil }
            }
        }
        scanner.finishToken()
        return scanner.tokens
    }

    /// The tokens so far, the one being read, and what the last kept scalar was.
    private struct TokenScanner {
        var tokens: [String] = []
        private var token: [UInt8] = []
        private var lastWasWhitespace = false
        private var lastWasNonASCIIWord = false

        init() { token.reserveCapacity(32) }

        private mutating func keepASCII(_ byte: UInt8) {
            token.append(byte)
            lastWasWhitespace = false
            lastWasNonASCIIWord = false
        }

        /// A whitespace scalar; `false` when the last kept scalar may share its cluster.
        private mutating func keepWhitespace() -> Bool {
            if lastWasNonASCIIWord { return false }
            finishToken()
            lastWasWhitespace = true
            return true
        }

        /// A lowercased scalar that is not punctuation; `false` when it and the last kept
        /// scalar may share a cluster across whitespace.
        mutating func keep(_ scalar: Unicode.Scalar) -> Bool {
            if scalar.isASCII {
                if (0x09...0x0D).contains(scalar.value) || scalar == " " { return keepWhitespace() }
                keepASCII(UInt8(scalar.value))
                return true
            }
            if scalar.properties.isWhitespace { return keepWhitespace() }
            if lastWasWhitespace { return false }
            UTF8.encode(scalar) { token.append($0) }
            lastWasNonASCIIWord = true
            return true
        }

        mutating func finishToken() {
            guard !token.isEmpty else { return }
            let string = String(decoding: token, as: UTF8.self)
            if !AnswerScoring.articles.contains(string) { tokens.append(string) }
            token.removeAll(keepingCapacity: true)
        }
    }
}
