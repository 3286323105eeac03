import Foundation
import Git

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

    /// Writes the record atomically: a temporary file beside it, flushed, then renamed.
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
        try AtomicFile.write(data + Data("\n".utf8), to: file)
    }
}

/// Replaces a file all at once: readers see the old content or the new, never a mix.
enum AtomicFile {
    static func write(_ data: Data, to file: URL) throws(TaxonomyError) {
        let operation = "write"
        let temporary = file.deletingLastPathComponent()
            .appendingPathComponent(".\(file.lastPathComponent).\(UUID().uuidString).tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .posix(operation, temporary.path, errno: errno) }
        var failure: Int32?
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = errno }
        close(descriptor)
        if failure == nil, rename(temporary.path, file.path) != 0 { failure = errno }
        if let failure {
            unlink(temporary.path)
            throw .posix(operation, file.path, errno: failure)
        }
    }
}
