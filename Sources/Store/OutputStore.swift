import Foundation
import Platform
import StageProtocol

/// The content-addressed store of stage outputs, shared by every run under one state
/// folder:
///
/// ```
/// store/blobs/sha256/<hex>        file contents, read-only (0444), one inode per content
/// store/entries/<cacheKey>.json   a StoreEntry; its presence means "reusable"
/// store/trees/<cacheKey>/...      the entry materialised as hard links to the blobs
/// store/tmp/                      temporary files and trees before their rename
/// ```
///
/// Ingestion puts every blob in place (fsynced) before it writes the entry (temp file,
/// fsync, rename, fsync of the folder), so an entry is never visible for half an output.
/// Only what is under the attempt's output directory is looked at: whatever a stage wrote
/// elsewhere never enters the store.
///
/// No inode of the store is ever shared with a path a stage or a reader of published
/// versions can reach: ingestion copies (a copy-on-write clone where the file system can)
/// and names the copy by its own digest, stages get private copies of their inputs
/// (`copyOutputs(_:to:)`), and the publisher copies blobs out. A stage can change its own
/// copy, never what the store serves. `verify()` rehashes every blob for damage done to
/// the store directly.
public struct OutputStore: Sendable {
    /// When the store's writes reach the disk.
    public enum Durability: Sendable, Hashable {
        /// Every blob, entry and tree is fsynced as it is written.
        case immediate
        /// Writes are atomic renames that survive the process being killed; reaching the
        /// disk waits for `flush()` (one `syncfs` for a whole run instead of several
        /// fsyncs a stage). A power cut before the flush can lose the latest entries; an
        /// entry that cannot be read is treated as absent, so its stage simply reruns.
        case deferred
    }

    /// The store's folder (`.modelbuild/store`).
    public let root: String
    /// When writes reach the disk.
    public var durability: Durability

    /// Opens (creating if needed) the store at `root`.
    public init(root: String, durability: Durability = .immediate) throws(OutputStoreError) {
        self.root = root
        self.durability = durability
        do {
            for folder in [blobsDirectory, entriesDirectory, treesDirectory, temporaryDirectory] {
                try FileSystem.makeDirectories(folder)
            }
        } catch {
            throw .system(error)
        }
    }

    package var blobsDirectory: String { root + "/blobs/sha256" }
    package var entriesDirectory: String { root + "/entries" }
    package var treesDirectory: String { root + "/trees" }
    package var temporaryDirectory: String { root + "/tmp" }

    /// `store/blobs/sha256/<sha256>`
    public func blobPath(sha256: String) -> String { blobsDirectory + "/" + sha256 }

    package func entryPath(_ key: String) -> String { entriesDirectory + "/" + key + ".json" }

    /// Whether outputs for `key` are stored (and so a job with that key is reused): its
    /// entry exists and is whole. An entry cut short by a power cut (empty, or not ending
    /// its JSON) counts as absent, so the stage reruns and replaces it; checking the last
    /// byte keeps this cheap enough for a no-op rebuild of thousands of stages.
    public func contains(_ key: String) -> Bool {
        Self.isValidKey(key) && Self.endsWholeJSON(entryPath(key))
    }

    /// The entry for `key`; nil if there is none.
    public func entry(_ key: String) throws(OutputStoreError) -> StoreEntry? {
        try Self.validate(key)
        let path = entryPath(key)
        let bytes: [UInt8]
        do {
            guard FileSystem.exists(path) else { return nil }
            bytes = try FileSystem.readFile(path)
        } catch {
            if error.isNotFound { return nil }
            throw .system(error)
        }
        do {
            return try Self.decoder(key: key).decode(StoreEntry.self, from: Data(bytes))
        } catch {
            throw .corruptEntry(path: path, reason: String(describing: error))
        }
    }

    // MARK: - Ingestion

    /// Stores the files under `outputDirectory` as the outputs of `key`: copies each file
    /// into the store (a clone where the file system can), hashes the copy and names it by
    /// that digest, then writes the entry. The stage's folder never shares an inode with a
    /// blob, so nothing it (or a process it left behind) does there later reaches the
    /// store; a blob already there is replaced by the fresh copy, so a rerun repairs one
    /// damaged in place.
    ///
    /// Symbolic links that stay inside the output are kept as links; one that points
    /// outside makes the whole ingestion fail (`symbolicLinkEscapes`), as does a FIFO,
    /// socket or device, or a malformed `result.json`. Replacing an entry (a forced rerun)
    /// removes the old materialised tree first.
    @discardableResult
    public func ingest(
        outputDirectory: String, key: String, origin: StoreEntry.Origin, now: Date = Date(),
        masked: (String) -> String = { $0 }
    ) throws(OutputStoreError) -> StoreEntry {
        try Self.validate(key)
        let scan = try OutputScan(root: outputDirectory)
        var files: [String: StoredFile] = [:]
        do {
            for file in scan.files {
                let (sha256, size) = try putBlob(copying: outputDirectory + "/" + file.path)
                files[file.path] = StoredFile(sha256: sha256, size: size, mode: file.status.permissions)
            }
            if !scan.files.isEmpty { try sync(blobsDirectory) }
        } catch {
            throw .system(error)
        }
        let result = try Self.result(in: outputDirectory, files: files)
        let entry = StoreEntry(
            cacheKey: key, origin: origin, created: UTCTimestamp.truncated(now), files: files,
            symbolicLinks: scan.symbolicLinks, directories: scan.directories,
            metrics: Dictionary(
                result.metrics.map { (masked($0.key), $0.value) }, uniquingKeysWith: { first, _ in first }),
            warnings: result.warnings.isEmpty ? nil : result.warnings.map(masked))
        if (try? self.entry(key)) != nil {
            // The tree may hold inodes of blobs just replaced; it is made again when asked for.
            try removeTree(key)
        }
        do {
            try AtomicFile.write(entry.json, to: entryPath(key), durable: durability == .immediate)
        } catch {
            throw .system(error)
        }
        return entry
    }

    /// Stores the outputs of `key` under `newKey` too: a second entry naming the same
    /// blobs (nothing is copied), for a stage instance whose leaf moved with its content
    /// unchanged. Returns the new entry; nil when `key` holds nothing.
    @discardableResult
    public func alias(_ key: String, as newKey: String) throws(OutputStoreError) -> StoreEntry? {
        try Self.validate(newKey)
        guard var entry = try self.entry(key) else { return nil }
        entry.cacheKey = newKey
        do {
            try AtomicFile.write(entry.json, to: entryPath(newKey), durable: durability == .immediate)
        } catch {
            throw .system(error)
        }
        return entry
    }

    /// Copies `file` into `store/tmp`, hashes the copy (so what is stored is exactly what
    /// was hashed, whatever happens to `file` meanwhile) and renames it over its blob.
    private func putBlob(copying file: String) throws(FileSystemError) -> (sha256: String, size: Int64) {
        let temporary = temporaryDirectory + "/blob-" + FileSystem.uniqueSuffix()
        do throws(FileSystemError) {
            try FileSystem.copyFile(file, to: temporary, permissions: 0o444, durable: durability == .immediate)
            let sha256 = try Self.sha256(of: temporary)
            let size = try FileSystem.status(temporary)?.size ?? 0
            try FileSystem.rename(temporary, blobPath(sha256: sha256))
            return (sha256, size)
        } catch {
            try? FileSystem.removeFile(temporary)
            throw error
        }
    }

    /// fsyncs `path` when writes are immediately durable.
    func sync(_ path: String) throws(FileSystemError) {
        if durability == .immediate { try FileSystem.syncPath(path) }
    }

    /// Makes every write so far durable (`syncfs` of the store's file system).
    public func flush() throws(OutputStoreError) {
        do {
            try FileSystem.syncFileSystem(root)
        } catch {
            throw .system(error)
        }
    }

    static func sha256(of path: String) throws(FileSystemError) -> String {
        try SHA256Digest.ofFile(at: path).sha256
    }

    private static func result(in outputDirectory: String, files: [String: StoredFile]) throws(OutputStoreError) -> StageResult {
        guard files["result.json"] != nil else { return StageResult() }
        let path = outputDirectory + "/result.json"
        do {
            let bytes = try FileSystem.readFile(path)
            if let result = StageResult(reading: bytes) { return result }
            return try JSONDecoder().decode(StageResult.self, from: Data(bytes))
        } catch let error as FileSystemError {
            throw .system(error)
        } catch {
            throw .invalidResult(path: path, reason: String(describing: error))
        }
    }

    // MARK: - Keys and coding

    package static func isValidKey(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.count <= 200 && !key.hasPrefix(".")
            && key.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
                    || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x2E || byte == 0x5F
            }
    }

    static func validate(_ key: String) throws(OutputStoreError) {
        guard isValidKey(key) else { throw .invalidKey(key) }
    }

    /// Reads the entry of `key`, which its file leaves out.
    package static func decoder(key: String) -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.userInfo[StoreEntry.fileKey] = key
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = UTCTimestamp.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO-8601 time: \(text)")
            }
            return date
        }
        return decoder
    }
}

extension OutputStore {
    /// Whether the file at `path` exists and its last byte closes a JSON value (`}` or
    /// `]`, possibly followed by a newline): what a whole, atomically written JSON file ends with.
    static func endsWholeJSON(_ path: String) -> Bool {
        guard var tail = try? FileSystem.readTail(path, bytes: 2), !tail.isEmpty else { return false }
        if tail.count == 2 && tail.last == UInt8(ascii: "\n") { tail.removeLast() }
        return tail.last == UInt8(ascii: "}") || tail.last == UInt8(ascii: "]")
    }
}
