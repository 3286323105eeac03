import Foundation
import Platform
import StageProtocol

/// A file that could not be read or written, and why.
struct FileFailure: Error, Sendable {
    var path: String
    var reason: String
}

/// The only place the stages' library core touches the file system.
enum FileBytes {
    /// Writes `bytes` to `url`, making parent folders as needed. Files are written in place,
    /// not through a temporary file: a stage writes into its own fresh output folder, and
    /// publishing, not the stage, makes results appear atomically.
    static func write(_ bytes: [UInt8], to url: URL) throws(FileFailure) {
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            // Written from the array itself: a 5 MB model file is not copied into a `Data` first.
            try bytes.withUnsafeBytes { buffer in
                let data =
                    buffer.baseAddress.map {
                        Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: $0), count: buffer.count, deallocator: .none)
                    } ?? Data()
                try data.write(to: url)
            }
        } catch {
            throw FileFailure(path: url.path, reason: reason(error))
        }
    }

    /// The bytes of the file at `url`. Read by Platform, in one read into an array of the
    /// file's size (Foundation's `Data` cost a `stat` and a copy per file, and evaluate reads
    /// two thousand); Foundation reads it only when that fails, to word the failure as
    /// before.
    static func read(_ url: URL) throws(FileFailure) -> [UInt8] {
        if let bytes = try? readSized(url.path) { return bytes }
        do {
            return Array(try Data(contentsOf: url))
        } catch {
            let reason =
                FileManager.default.fileExists(atPath: url.path) ? reason(error) : "no such file"
            throw FileFailure(path: url.path, reason: reason)
        }
    }

    /// A regular file, into an array of its size (`lseek` to its end) and read on with
    /// `pread` should it grow meanwhile.
    private static func readSized(_ path: String) throws(FileSystemError) -> [UInt8] {
        let descriptor = try FileSystem.open(path, .readOnly)
        defer { FileSystem.close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: Int(try FileSystem.size(descriptor, path: path)) + 1)
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(bytes.count, 4096))) }
            let count = try FileSystem.withMutableBytes(&bytes) { (buffer) throws(FileSystemError) in
                try FileSystem.read(
                    descriptor, into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]), at: Int64(filled), path: path)
            }
            if count == 0 { break }
            filled += count
        }
        bytes.removeLast(bytes.count - filled)
        return bytes
    }

    /// Reads the JSON document at `url` and hands its bytes to `parse`. A file that cannot
    /// be read becomes `unreadable`; a shape or other error `parse` throws becomes
    /// `malformed` with its reason, except a `Failure` it throws, which passes as it is.
    static func readDocument<Value, Failure: Error>(
        _ url: URL, unreadable: (FileFailure) -> Failure, malformed: (String) -> Failure,
        parse: ([UInt8]) throws -> Value
    ) throws(Failure) -> Value {
        let bytes: [UInt8]
        do {
            bytes = try read(url)
        } catch {
            throw unreadable(error)
        }
        do {
            return try parse(bytes)
        } catch let error as Failure {
            throw error
        } catch let error as JSONShapeError {
            throw malformed(error.description)
        } catch {
            throw malformed(String(describing: error))
        }
    }

    /// The lines of a JSONL file's bytes with their 1-based numbers, skipping empty lines.
    static func lines(_ bytes: [UInt8]) -> [(number: Int, bytes: ArraySlice<UInt8>)] {
        // Labelled as returned: an array of unlabelled tuples would be converted, copying
        // every element.
        var result: [(number: Int, bytes: ArraySlice<UInt8>)] = []
        var start = 0
        var number = 1
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            if index > start { result.append((number, bytes[start..<index])) }
            start = index + 1
            number += 1
        }
        if start < bytes.count { result.append((number, bytes[start...])) }
        return result
    }

    /// Foundation's description of a file error, without its class name.
    private static func reason(_ error: any Error) -> String {
        let description = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
        return description ?? String(describing: error)
    }

    /// JSON lines joined with a newline after each.
    static func jsonl(_ records: [JSONValue]) -> [UInt8] {
        var output: [UInt8] = []
        for record in records {
            output += record.bytes
            output.append(UInt8(ascii: "\n"))
        }
        return output
    }
}
