import BuildConfiguration
import Foundation
import Platform
import Runner
import Synchronization

/// The cache key each stage instance last built or was reused with, like ninja's build
/// log: next time, `plan` compares its ingredients with the new ones to say which one
/// changed.
///
/// Two files in the state folder:
/// - `keys.json`, instance → key: small, replaced atomically and only when it changed;
/// - `ingredients.log`, append-only, one line per newly seen key: its canonical JSON,
///   whose SHA-256 is the key (lines written before 2026-12 begin `<key>\t`), written
///   with one append per build and read only to explain a change.
///
/// So a build that reuses everything reads and writes next to nothing, and a build of
/// thousands of new stages adds one write, not a file per stage.
public struct KeyLog: Sendable {
    private var keys: [String: String] = [:]
    private var changed = false
    private var newIngredients: [UInt8] = []
    private let state: String?
    private let ingredients: IngredientsIndex?

    /// An empty log that remembers nothing (tests, first builds).
    public init() {
        state = nil
        ingredients = nil
    }

    private init(keys: [String: String], state: String) {
        self.keys = keys
        self.state = state
        self.ingredients = IngredientsIndex(path: state + "/" + Self.ingredientsFileName)
    }

    static let ingredientsFileName = "ingredients.log"

    /// The log of the state folder `state`; empty when there is none or it cannot be read
    /// (it only explains).
    public static func load(state: String) -> KeyLog {
        let data = FileManager.default.contents(atPath: state + "/keys.json")
        let keys = data.flatMap { try? JSONDecoder().decode([String: String].self, from: $0) } ?? [:]
        return KeyLog(keys: keys, state: state)
    }

    /// The ingredients `job` last built with, when known.
    public subscript(job: String) -> CacheKeyIngredients? {
        guard let key = keys[job] else { return nil }
        return ingredients?[key]
    }

    /// Remembers that `job` built or was reused with `ingredients`, whose key is `key`.
    public mutating func record(_ job: String, key: String, _ ingredients: CacheKeyIngredients) {
        guard keys[job] != key else { return }
        keys[job] = key
        changed = true
        guard state != nil else { return }
        let encoding = ingredients.canonicalEncoding()
        // The key is the encoding's digest, found again when the line is read: writing it
        // too was a quarter of the line.
        if SHA256Digest.hex(encoding) != key {
            newIngredients += Array(key.utf8)
            newIngredients.append(UInt8(ascii: "\t"))
        }
        newIngredients += encoding
        newIngredients.append(UInt8(ascii: "\n"))
    }

    /// Appends the new ingredients and writes `keys.json` back (through a temporary file
    /// and a rename) when something changed.
    public func save() throws {
        guard changed, let state else { return }
        if !newIngredients.isEmpty {
            try Self.append(newIngredients, to: state + "/" + Self.ingredientsFileName)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(Array(try encoder.encode(keys)), to: state + "/keys.json")
    }
}

extension KeyLog {
    /// One line of `ingredients.log`, newline included.
    struct IngredientLine {
        var bytes: Data.SubSequence
        /// The text before the tab, in lines that have one.
        var keyBeforeTab: String?
        /// The JSON: the text after the tab, or the whole line, without the newline.
        var json: Data.SubSequence
        /// Ends with a newline (a crash mid-append leaves the last line cut short).
        var isWhole: Bool

        /// The line's key: the text before its tab, or else its JSON's SHA-256.
        var key: String { keyBeforeTab ?? SHA256Digest.hex(Array(json)) }
    }

    /// The lines of `ingredients.log`'s contents, in order.
    static func ingredientLines(in data: Data) -> [IngredientLine] {
        var lines: [IngredientLine] = []
        var start = data.startIndex
        while start < data.endIndex {
            let newline = data[start...].firstIndex(of: UInt8(ascii: "\n"))
            let end = newline.map { data.index(after: $0) } ?? data.endIndex
            let tab = data[start..<(newline ?? end)].firstIndex(of: UInt8(ascii: "\t"))
            lines.append(
                IngredientLine(
                    bytes: data[start..<end], keyBeforeTab: tab.map { String(decoding: data[start..<$0], as: UTF8.self) },
                    json: tab.map { data[data.index(after: $0)..<(newline ?? end)] } ?? data[start..<(newline ?? end)],
                    isWhole: newline != nil))
            start = end
        }
        return lines
    }

    /// One `O_APPEND` write, so builds appending at once never interleave their lines.
    private static func append(_ bytes: [UInt8], to path: String) throws(FileSystemError) {
        try FileSystem.append(bytes, to: path)
    }
}

/// `ingredients.log` read once, on the first question, into key → line.
private final class IngredientsIndex: Sendable {
    private let path: String
    private let lines = Mutex<[String: Substring]?>(nil)

    init(path: String) {
        self.path = path
    }

    subscript(key: String) -> CacheKeyIngredients? {
        let line = lines.withLock { lines in
            if lines == nil { lines = Self.read(path) }
            return lines?[key]
        }
        guard let line else { return nil }
        return try? JSONDecoder().decode(CacheKeyIngredients.self, from: Data(line.utf8))
    }

    /// Key → its JSON; the first line of a key wins (later ones say the same). A line cut
    /// short by a crash explains nothing.
    private static func read(_ path: String) -> [String: Substring] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        var lines: [String: Substring] = [:]
        for line in KeyLog.ingredientLines(in: data) where line.isWhole && !line.json.isEmpty {
            let key = line.key
            guard lines[key] == nil else { continue }
            lines[key] = Substring(decoding: line.json, as: UTF8.self)
        }
        return lines
    }
}
