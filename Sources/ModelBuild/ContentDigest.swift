import Crypto
import Foundation

/// SHA-256 digests as lowercase hex, the form keys and manifests use.
public enum ContentDigest {
    public static func hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    public static func hex(_ text: String) -> String {
        hex(Data(text.utf8))
    }
}
