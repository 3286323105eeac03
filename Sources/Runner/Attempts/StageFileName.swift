import Platform

/// Maps a stage instance's name to a name that is safe as one path component, so that
/// `generate[knowledge/science/birds]` gets its own log, context and work directory.
///
/// The mapping is percent-encoding: bytes outside `A-Z a-z 0-9 - _ .`, and `%` itself,
/// become `%XX` (uppercase hex), and a leading `.` becomes `%2E` so that no name is hidden
/// or is `.`/`..`. `generate[knowledge/science/birds]` becomes
/// `generate%5Bknowledge%2Fscience%2Fbirds%5D`. It is reversible (`stageName(fromFileName:)`).
/// An encoding longer than 200 bytes is cut to 183 bytes and followed by `~` and the first
/// 16 hex digits of the SHA-256 of the stage name: still unique, no longer reversible (the
/// stage name is in the attempt's `context.json` and in the journal).
public enum StageFileName {
    /// The longest encoded name kept whole; the limit leaves room for `.<attempt>.json`
    /// under the usual 255-byte file-name limit.
    public static let maximumLength = 200

    /// The file-name form of `stage`.
    public static func encode(_ stage: String) -> String {
        var encoded = ""
        for (index, byte) in stage.utf8.enumerated() {
            let isSafe =
                (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
                || (byte == 0x2E && index > 0)
            if isSafe {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%" + hexDigits(byte)
            }
        }
        if encoded.isEmpty { return "%" }
        guard encoded.utf8.count > maximumLength else { return encoded }
        let digest = SHA256Digest.hex(stage).prefix(16).uppercased()
        return String(encoded.prefix(maximumLength - 17)) + "~" + digest
    }

    /// The stage name a file name was made from; nil for a digest-shortened name or for a
    /// name this encoding never produces.
    public static func stageName(fromFileName name: String) -> String? {
        if name == "%" { return "" }
        var bytes: [UInt8] = []
        var iterator = Array(name.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == 0x7E { return nil }
            guard byte == 0x25 else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(value)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexDigits(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
