import Foundation
import Platform

/// Why a JSONL file read back does not match what was recorded when it was written.
enum RecordedFileMismatch: Error, Sendable {
    /// The file cannot be read.
    case unreadable(FileFailure)
    /// Its SHA-256 is not the recorded one: it was changed or cut short.
    case digest(expected: String, found: String)
    /// It has another number of lines than the recorded records.
    case recordCount(expected: Int, found: Int)
}

extension FileBytes {
    /// Reads the JSONL file at `url` and checks its SHA-256 and its number of lines against
    /// what was recorded (a dataset recipe, a model config); the lines, numbered.
    static func readRecordedLines(
        _ url: URL, sha256: String, records: Int
    ) throws(RecordedFileMismatch) -> [(number: Int, bytes: ArraySlice<UInt8>)] {
        try readRecordedFile(url, sha256: sha256, records: records).lines
    }

    /// ``readRecordedLines(_:sha256:records:)`` with the file's bytes, which the lines are
    /// slices of.
    static func readRecordedFile(
        _ url: URL, sha256: String, records: Int
    ) throws(RecordedFileMismatch) -> (bytes: [UInt8], lines: [(number: Int, bytes: ArraySlice<UInt8>)]) {
        let bytes: [UInt8]
        do {
            bytes = try read(url)
        } catch {
            throw .unreadable(error)
        }
        let digest = SHA256Digest.hex(bytes)
        guard digest == sha256 else { throw .digest(expected: sha256, found: digest) }
        let lines = lines(bytes)
        guard lines.count == records else { throw .recordCount(expected: records, found: lines.count) }
        return (bytes, lines)
    }
}
