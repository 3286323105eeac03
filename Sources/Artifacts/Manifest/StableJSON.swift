import Foundation
import Platform

/// The one JSON encoding of every file the publisher writes: sorted keys, pretty printed,
/// unescaped slashes, times as ISO 8601 UTC (`2026-11-27T02:13:00Z`), ending in a newline.
/// The same value always gives the same bytes, so digests of these files are stable.
public enum StableJSON {
    /// The stable bytes of `value`; `path` names the file in errors.
    public static func encode(_ value: some Encodable, path: String) throws(ArtifactsError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        do {
            return Array(try encoder.encode(value)) + [UInt8(ascii: "\n")]
        } catch {
            throw ArtifactsError(.malformedJSON, path: path, reason: "cannot encode: \(error)")
        }
    }

    /// Decodes `bytes`; `path` names the file in errors.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], path: String) throws(ArtifactsError) -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(type, from: Data(bytes))
        } catch {
            throw ArtifactsError(.malformedJSON, path: path, reason: "cannot read \(T.self): \(error)")
        }
    }

    /// Reads and decodes the file at `path`.
    public static func read<T: Decodable>(_ type: T.Type, at path: String) throws(ArtifactsError) -> T {
        try decode(type, from: try onDisk { try FileSystem.readFile(path) }, path: path)
    }
}
