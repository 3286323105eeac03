import Crypto

/// The one SHA-256 helper: every digest the project records (cache keys, store entries,
/// published files, plugin folders, document caches) is lowercase hex from here, so two
/// modules can never disagree on how a digest is spelled.
public struct SHA256Digest: Sendable {
    private var hasher = SHA256()

    /// A digest to feed in pieces, for content too large to hold at once.
    public init() {}

    /// Adds bytes to the digest.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        if let done = bytes.withContiguousStorageIfAvailable({ hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }) {
            return done
        }
        hasher.update(data: Array(bytes))
    }

    /// Adds the bytes in a raw buffer to the digest (a read buffer, without copying).
    public mutating func update(buffer: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: buffer)
    }

    /// The digest's 32 bytes (to feed into another digest).
    public consuming func finalize() -> [UInt8] {
        Array(hasher.finalize())
    }

    /// The digest as 64 lowercase hex digits.
    public consuming func finalizeHex() -> String {
        Self.hex(of: hasher.finalize())
    }

    /// The SHA-256 of bytes as 64 lowercase hex digits.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var digest = SHA256Digest()
        digest.update(bytes)
        return digest.finalizeHex()
    }

    /// The SHA-256 of a string's UTF-8 bytes as 64 lowercase hex digits.
    public static func hex(_ text: String) -> String {
        hex(Array(text.utf8))
    }

    /// Lowercase hex of any digest or byte sequence.
    public static func hex(of bytes: some Sequence<UInt8>) -> String {
        let digits = Array(bytes)
        // Written as ASCII bytes straight into the string's storage, not a Character at a time.
        return String(unsafeUninitializedCapacity: digits.count * 2) { buffer in
            for (index, byte) in digits.enumerated() {
                buffer[2 * index] = hexDigits[Int(byte >> 4)]
                buffer[2 * index + 1] = hexDigits[Int(byte & 0x0f)]
            }
            return digits.count * 2
        }
    }

    /// The bytes `hex(of:)` spelled: nil unless `text` is lowercase hex digits, two a byte.
    public static func bytes(ofHex text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
