import Foundation
import Git
import Platform

/// What the last synchronisation saw, kept in `taxonomy-sync.json` so the next one can
/// list what was merged since and notice a force push.
struct TaxonomySyncRecord: Codable, Hashable {
    var url: String
    var branch: String
    var head: String
    var syncedAt: Date

    var headID: ObjectID? { ObjectID(hex: head) }

    /// The record at `file`, or nil when there is none or it cannot be read (a damaged
    /// record only loses the "merged since" listing, so it is not an error).
    static func read(from file: URL) -> TaxonomySyncRecord? {
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(TaxonomySyncRecord.self, from: data)
    }

    /// Writes the record atomically (`AtomicFile`).
    func write(to file: URL) throws(TaxonomyError) {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(self)
        } catch {
            throw TaxonomyError(
                kind: .fileSystem(errno: nil), operation: "record the synchronised head", subject: file.path,
                message: "\(error)")
        }
        do {
            try AtomicFile.write(Array(data) + [UInt8(ascii: "\n")], to: file.path)
        } catch {
            throw .fileSystem("write", error)
        }
    }
}
