import Crypto

/// SHA-256 in lowercase hex, for cache keys in tests.
enum SHA256Text {
    static func hex(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
        }.joined()
    }
}
