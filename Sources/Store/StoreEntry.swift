import Foundation
import Platform
import StageProtocol

/// What the output store knows about one cache key: the files a successful attempt wrote
/// under its output directory, by relative path, and the metrics of its `result.json`.
/// Written as `store/entries/<cacheKey>.json`, last, after every blob is in place; the
/// file holds neither its key (its name does) nor the schema version while that is 1.
public struct StoreEntry: Sendable, Hashable, Codable {
    /// The schema version this code writes.
    public static let currentSchemaVersion = 1

    /// The schema version the entry was written with.
    public var schemaVersion: Int
    /// The cache key the outputs are stored under.
    public var cacheKey: String
    /// The attempt that produced the outputs.
    public var origin: Origin
    /// When the entry was written.
    public var created: Date
    /// Relative path (`/`-separated) → content.
    public var files: [String: StoredFile]
    /// Relative path → link target, for symbolic links that stay inside the output.
    public var symbolicLinks: [String: String]
    /// Every directory, empty or not, relative, sorted; parents before children.
    public var directories: [String]
    /// `result.json`'s metrics, empty if the stage wrote none.
    public var metrics: [String: Double]
    /// `result.json`'s warnings; nil when it gave none (and then left out of the entry).
    public var warnings: [String]?

    /// An entry of the current schema version.
    public init(
        cacheKey: String, origin: Origin, created: Date, files: [String: StoredFile],
        symbolicLinks: [String: String] = [:], directories: [String] = [], metrics: [String: Double] = [:],
        warnings: [String]? = nil
    ) {
        self.schemaVersion = Self.currentSchemaVersion
        self.cacheKey = cacheKey
        self.origin = origin
        self.created = created
        self.files = files
        self.symbolicLinks = symbolicLinks
        self.directories = directories
        self.metrics = metrics
        self.warnings = warnings
    }

    /// The sum of the files' sizes.
    public var totalSize: Int64 { files.values.reduce(0) { $0 + $1.size } }

    /// The entry as the store writes it: one line of JSON, keys sorted, `created` as
    /// `UTCTimestamp` writes times, empty lists and maps left out, and neither the cache
    /// key (the file's name) nor `schemaVersion` 1 nor the origin's `attempt` 1 (a stage
    /// that writes nothing, one of 66,000 per-leaf instances, costs 0.16 KB, not 0.5); read
    /// back with `OutputStore.decoder(key:)`.
    package var json: [UInt8] {
        var json = JSONWriter(capacity: 256 + files.count * 160)
        json.object { json in
            json.field("created", UTCTimestamp.format(created))
            if !directories.isEmpty { json.field("directories", directories) }
            if !files.isEmpty {
                json.key("files")
                json.object { json in
                    for path in files.keys.sorted() {
                        let file = files[path]!
                        json.key(path)
                        json.object { json in
                            json.field("mode", Int(file.mode))
                            json.field("sha256", file.sha256)
                            json.field("size", Int(file.size))
                        }
                    }
                }
            }
            if !metrics.isEmpty { json.field("metrics", metrics) }
            json.key("origin")
            json.object { json in
                if origin.attempt != 1 { json.field("attempt", origin.attempt) }
                json.field("job", origin.job)
                json.field("runID", origin.runID)
            }
            if schemaVersion != 1 { json.field("schemaVersion", schemaVersion) }
            if !symbolicLinks.isEmpty { json.field("symbolicLinks", symbolicLinks) }
            if let warnings, !warnings.isEmpty { json.field("warnings", warnings) }
        }
        return json.bytes
    }

    private enum CodingKeys: String, CodingKey {
        case schemaVersion, cacheKey, origin, created, files, symbolicLinks, directories, metrics, warnings
    }

    /// The decoder's `userInfo` entry naming the key of the file being read, for entries
    /// that leave their key out.
    package static let fileKey = CodingUserInfoKey(rawValue: "modelbuild.storeEntry.fileKey")!

    /// Reads an entry as `json` writes it: a list or map left out is empty, a missing key
    /// is the file's (`fileKey`), a missing schema version 1. (Entries written before
    /// 2026-12 spell every one out.)
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try container.decodeIfPresent(Int.self, forKey: .schemaVersion) ?? 1
        if let key = try container.decodeIfPresent(String.self, forKey: .cacheKey) ?? decoder.userInfo[Self.fileKey] as? String {
            cacheKey = key
        } else {
            throw DecodingError.keyNotFound(
                CodingKeys.cacheKey, .init(codingPath: [], debugDescription: "no cacheKey, and no file name to take it from"))
        }
        origin = try container.decode(Origin.self, forKey: .origin)
        created = try container.decode(Date.self, forKey: .created)
        files = try container.decodeIfPresent([String: StoredFile].self, forKey: .files) ?? [:]
        symbolicLinks = try container.decodeIfPresent([String: String].self, forKey: .symbolicLinks) ?? [:]
        directories = try container.decodeIfPresent([String].self, forKey: .directories) ?? []
        metrics = try container.decodeIfPresent([String: Double].self, forKey: .metrics) ?? [:]
        warnings = try container.decodeIfPresent([String].self, forKey: .warnings)
    }

    /// Who produced a store entry.
    public struct Origin: Sendable, Hashable, Codable {
        /// The job (stage) that ran.
        public var job: String
        /// The run it ran in.
        public var runID: String
        /// Its attempt number, from 1.
        public var attempt: Int

        /// The attempt `attempt` of `job` in run `runID`.
        public init(job: String, runID: String, attempt: Int) {
            self.job = job
            self.runID = runID
            self.attempt = attempt
        }

        private enum CodingKeys: String, CodingKey { case job, runID, attempt }

        /// Reads an origin as `StoreEntry.json` writes it: a missing attempt is the first.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            job = try container.decode(String.self, forKey: .job)
            runID = try container.decode(String.self, forKey: .runID)
            attempt = try container.decodeIfPresent(Int.self, forKey: .attempt) ?? 1
        }
    }
}

/// One stored file: its blob is `store/blobs/sha256/<sha256>`.
public struct StoredFile: Sendable, Hashable, Codable {
    /// Lowercase hex SHA-256 of the content.
    public var sha256: String
    /// Its size in bytes.
    public var size: Int64
    /// The permission bits the stage gave the file (`0o755` is 493). Blobs themselves are
    /// read-only (`0o444`) and shared, so a materialised tree shows `0o444` for every file;
    /// this records the original, for publishing.
    public var mode: UInt32

    /// A stored file of `size` bytes whose SHA-256 is `sha256`, written with `mode`.
    public init(sha256: String, size: Int64, mode: UInt32) {
        self.sha256 = sha256
        self.size = size
        self.mode = mode
    }
}

/// Why the output store refused or failed something.
public enum OutputStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Cache keys become file names: `[A-Za-z0-9._-]`, not starting with `.`, at most 200.
    case invalidKey(String)
    case outputDirectoryMissing(path: String)
    /// A symbolic link in the output points outside it (absolute, or `..` past the top).
    case symbolicLinkEscapes(path: String, target: String)
    /// A FIFO, socket or device in the output.
    case unsupportedFile(path: String)
    /// `result.json` exists but is not `{"metrics": {name: number}}`.
    case invalidResult(path: String, reason: String)
    case entryNotFound(key: String)
    case corruptEntry(path: String, reason: String)
    /// An entry names a blob that is not in the store.
    case blobMissing(key: String, file: String, sha256: String)
    /// A system call failed.
    case system(FileSystemError)

    /// What went wrong, naming the key, file or path.
    public var description: String {
        switch self {
        case .invalidKey(let key):
            "output store: cache key \"\(key)\" is not a safe file name ([A-Za-z0-9._-], no leading dot, ≤ 200)"
        case .outputDirectoryMissing(let path): "output store: output directory \(path) does not exist"
        case .symbolicLinkEscapes(let path, let target):
            "output store: symbolic link \(path) → \(target) points outside the output directory"
        case .unsupportedFile(let path): "output store: \(path) is not a file, directory or symbolic link"
        case .invalidResult(let path, let reason): "output store: \(path) is not a valid result.json: \(reason)"
        case .entryNotFound(let key): "output store: no entry for cache key \(key)"
        case .corruptEntry(let path, let reason): "output store: entry \(path) is damaged: \(reason)"
        case .blobMissing(let key, let file, let sha256):
            "output store: entry \(key) lists \(file) with blob \(sha256), which is missing"
        case .system(let error): "output store: \(error)"
        }
    }
}
