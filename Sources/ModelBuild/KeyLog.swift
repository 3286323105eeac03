import Foundation
import Pipeline

/// The cache key each stage instance last built or was reused with, like ninja's build
/// log: next time, `plan` compares its ingredients with the new ones to say which one
/// changed. The log itself is a small map (`.modelbuild/keys.json`: instance → key),
/// replaced atomically and only when it changed; each key's ingredients are written once
/// to `.modelbuild/keys/<key>.json` and read only to explain a change, so a build that
/// reuses everything reads and writes next to nothing.
public struct KeyLog: Sendable {
    private var keys: [String: String] = [:]
    private var changed = false
    private let ingredientsDirectory: String?

    /// An empty log that remembers nothing (tests, first builds).
    public init() {
        ingredientsDirectory = nil
    }

    private init(keys: [String: String], ingredientsDirectory: String) {
        self.keys = keys
        self.ingredientsDirectory = ingredientsDirectory
    }

    /// The log of the state folder `state`; empty when there is none or it cannot be read
    /// (it only explains).
    public static func load(state: String) -> KeyLog {
        let data = FileManager.default.contents(atPath: state + "/keys.json")
        let keys = data.flatMap { try? JSONDecoder().decode([String: String].self, from: $0) } ?? [:]
        return KeyLog(keys: keys, ingredientsDirectory: state + "/keys")
    }

    /// The ingredients `job` last built with, when known.
    public subscript(job: String) -> CacheKeyIngredients? {
        guard let key = keys[job], let directory = ingredientsDirectory,
            let data = FileManager.default.contents(atPath: directory + "/" + key + ".json")
        else { return nil }
        return try? JSONDecoder().decode(CacheKeyIngredients.self, from: data)
    }

    /// Remembers that `job` built or was reused with `ingredients`, whose key is `key`.
    public mutating func record(_ job: String, key: String, _ ingredients: CacheKeyIngredients) throws {
        guard keys[job] != key else { return }
        keys[job] = key
        changed = true
        guard let directory = ingredientsDirectory else { return }
        let path = directory + "/" + key + ".json"
        if !FileManager.default.fileExists(atPath: path) {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try ingredients.canonicalEncoding().write(to: URL(fileURLWithPath: path), options: .atomic)
        }
    }

    /// Writes the log back to `state` when something changed, through a temporary file and
    /// a rename.
    public func save(state: String) throws {
        guard changed else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(keys).write(to: URL(fileURLWithPath: state + "/keys.json"), options: .atomic)
    }
}
