import Foundation
import Platform
import StageProtocol

/// Reading and writing the JSON files the publisher keeps (manifests, provenance, signature
/// envelopes, refs, the index). Writing goes through modelbuild's one JSON writer
/// (`JSONWriter.document`: sorted keys, pretty printed, `/` and non-ASCII text as they are,
/// times as ISO 8601 UTC `2026-11-27T02:13:00Z`, ending in a newline), so the same value
/// always gives the same bytes and digests of these files are stable.
public enum JSONFile {
    /// The bytes of `value` as a file; `path` names the file in errors.
    public static func encode(_ value: some Encodable, path: String) throws(ArtifactsError) -> [UInt8] {
        do {
            return try JSONWriter.document(value)
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
