import Crypto

/// SHA-256 of bytes, as lowercase hex: what recipes and model configs record so that a
/// reader can tell a file was changed or cut short.
public enum ContentDigest {
    public static func sha256(_ bytes: some Sequence<UInt8>) -> String {
        SHA256.hash(data: Array(bytes)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
