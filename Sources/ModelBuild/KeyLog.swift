import Foundation
import Pipeline

/// The cache key ingredients each stage instance last built or reused with, like ninja's
/// build log: next time, `plan` compares against them to say which ingredient changed.
/// Stored as `.modelbuild/keys.json`, replaced atomically.
public struct KeyLog: Sendable, Codable {
    private var entries: [String: CacheKeyIngredients] = [:]

    public init() {}

    public subscript(job: String) -> CacheKeyIngredients? {
        get { entries[job] }
        set { entries[job] = newValue }
    }

    /// The log at `path`; empty when there is none or it cannot be read (it only explains).
    public static func load(path: String) -> KeyLog {
        guard let data = FileManager.default.contents(atPath: path) else { return KeyLog() }
        return (try? JSONDecoder().decode(KeyLog.self, from: data)) ?? KeyLog()
    }

    /// Writes the log to `path` through a temporary file and a rename.
    public func save(path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
