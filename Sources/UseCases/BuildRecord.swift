import Foundation
import Platform

/// What the last successful run of a build made: the taxonomy commit it built and the
/// model it trained. The next run of that build starts from it (`base: previous`) and
/// rebuilds only when it plans other keys (the taxonomy moved, builds.yaml changed).
/// Stored as `.modelbuild/builds/<build>.json`.
public struct BuildRecord: Sendable, Hashable, Codable {
    public var build: String
    public var runID: String
    public var finished: Date
    /// The taxonomy commit built; nil for a build without a taxonomy.
    public var taxonomyCommit: String?
    /// The commit the build before it had built: the leaves changed between the two are
    /// what this build validated and regenerated.
    public var previousTaxonomyCommit: String?
    /// The cache key of the trained model's outputs in the store, when a stage trained one.
    public var modelKey: String?
    /// The store key of the model that build started from (`base: previous`), so that
    /// rebuilding the same commit starts from the same model and reuses every stage.
    public var baseModelKey: String?
    /// Every stage instance the build planned → its cache key, in records written before
    /// `keysDigest` replaced it (2026-12); never written now.
    public var keys: [String: String]?
    /// The digest of every stage instance the build planned with its cache key
    /// (`digest(of:)`). The next run of the build has nothing to do exactly when it plans
    /// these keys again; nil in records written before keys were kept (then `keys`, or
    /// the taxonomy commit, decides). A digest, not the list: the list is the key log's
    /// already, and was 140 bytes a stage again here.
    public var keysDigest: String?

    public init(
        build: String, runID: String, finished: Date, taxonomyCommit: String?, previousTaxonomyCommit: String?,
        modelKey: String?, baseModelKey: String?, keys: [String: String]? = nil
    ) {
        self.keysDigest = keys.map(Self.digest(of:))
        self.previousTaxonomyCommit = previousTaxonomyCommit
        self.build = build
        self.runID = runID
        self.finished = finished
        self.taxonomyCommit = taxonomyCommit
        self.modelKey = modelKey
        self.baseModelKey = baseModelKey
    }

    /// The SHA-256 of one `<instance>\t<key>\n` line per instance, in instance order.
    public static func digest(of keys: [String: String]) -> String {
        SHA256Digest.hex(keys.sorted { $0.key < $1.key }.map { $0.key + "\t" + $0.value + "\n" }.joined().utf8)
    }

    /// Whether the build planned exactly `keys`; nil when the record does not say (it
    /// was written before keys were kept).
    func plannedSameKeys(_ keys: [String: String]) -> Bool? {
        if let keysDigest { return keysDigest == Self.digest(of: keys) }
        return self.keys.map { $0 == keys }
    }

    static func path(build: String, state: String) -> String {
        state + "/builds/" + build + ".json"
    }

    /// The record of `build`, or nil when it never succeeded (or the record is unreadable).
    public static func load(build: String, state: String) -> BuildRecord? {
        guard let data = FileManager.default.contents(atPath: path(build: build, state: state)) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(BuildRecord.self, from: data)
    }

    /// Replaces the record atomically.
    public func save(state: String) throws {
        let path = Self.path(build: build, state: state)
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.dateEncodingStrategy = .iso8601
        try AtomicFile.write(Array(try encoder.encode(self)), to: path)
    }

    /// Every build's record in `state`, by file name. Unlike `load`, a record that cannot
    /// be read is an error: what it names must not be taken for unused.
    /// - Throws: `StateFileError` naming the record.
    public static func all(state: String) throws -> [BuildRecord] {
        let folder = state + "/builds"
        guard FileManager.default.fileExists(atPath: folder) else { return [] }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try names.map { name in
            let path = folder + "/" + name
            do {
                return try decoder.decode(BuildRecord.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                throw StateFileError(path: path, reason: String(describing: error))
            }
        }
    }

    /// The most recent successful build of any name in `state`.
    public static func latest(state: String) -> BuildRecord? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: state + "/builds")) ?? []
        return names.filter { $0.hasSuffix(".json") }
            .compactMap { load(build: String($0.dropLast(".json".count)), state: state) }
            .max { $0.finished < $1.finished }
    }
}
