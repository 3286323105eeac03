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
/// - `keys.txt`, instance → key (`keysFile(_:)`): replaced atomically and only when it
///   changed;
/// - `ingredients.log`, append-only, one line per newly seen key: its canonical JSON,
///   whose SHA-256 is the key (lines written before 2026-12 begin `<key>\t`), written
///   with one append per build and read only to explain a change. A build's lines are
///   sorted and front-coded (`FrontCodedLines`): `+N rest` is the previous line's first
///   N bytes followed by `rest`, so 66,000 instances of one per-leaf stage write what
///   their leaves differ in, not their whole ingredients each.
///
/// So a build that reuses everything reads and writes next to nothing, and a build of
/// thousands of new stages adds one write, not a file per stage.
public struct KeyLog: Sendable {
    private var keys: [String: String] = [:]
    private var changed = false
    /// The lines to append: a key before a tab (only when the JSON's digest is not the
    /// key), and the JSON.
    private var newIngredients: [(keyBeforeTab: String?, json: [UInt8])] = []
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
        KeyLog(keys: ((try? readKeys(state: state)) ?? nil) ?? [:], state: state)
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
        newIngredients.append((SHA256Digest.hex(encoding) == key ? nil : key, encoding))
    }

    /// Appends the new ingredients and writes `keys.txt` back (through a temporary file
    /// and a rename) when something changed; an older `keys.json` goes once it is written.
    public func save() throws {
        guard changed, let state else { return }
        if !newIngredients.isEmpty {
            let path = state + "/" + Self.ingredientsFileName
            var lines = FrontCodedLines()
            for line in newIngredients.sorted(by: { $0.json.lexicographicallyPrecedes($1.json) }) {
                Self.appendIngredient(line.json, keyBeforeTab: line.keyBeforeTab, to: &lines)
            }
            // A line cut short by a crash is ended first, so this build's first line (which
            // the others are coded against) stays whole.
            if let last = try? FileSystem.readTail(path, bytes: 1), !last.isEmpty, last != [UInt8(ascii: "\n")] {
                lines.bytes.insert(UInt8(ascii: "\n"), at: 0)
            }
            try Self.append(lines.bytes, to: path)
        }
        try AtomicFile.write(Self.keysFile(keys), to: state + "/" + Self.keysFileName)
        try? FileSystem.removeFile(state + "/" + Self.oldKeysFileName)
    }
}

extension KeyLog {
    /// One line of `ingredients.log`.
    struct IngredientLine {
        /// Its size in the file, newline included.
        var size: Int
        /// The text before the tab, in lines that have one.
        var keyBeforeTab: String?
        /// The JSON: the text after the tab, or the whole line, without the newline; a
        /// front-coded line's expanded (empty when its count is not a prefix of the
        /// previous line).
        var json: [UInt8]
        /// Ends with a newline (a crash mid-append leaves the last line cut short).
        var isWhole: Bool

        /// The line's key: the text before its tab, or else its JSON's SHA-256.
        var key: String { keyBeforeTab ?? SHA256Digest.hex(json) }
    }

    /// The lines of `ingredients.log`'s contents, in order, front-coded ones expanded;
    /// `previous` is the text of the line before `data` when it is not the file's start.
    static func ingredientLines(in data: some Collection<UInt8>, after previous: [UInt8] = []) -> [IngredientLine] {
        FrontCodedLines.lines(of: data, after: previous).map { line in
            // A key before a tab (lines before 2026-12, and keys that are not the JSON's digest).
            if line.text.first != UInt8(ascii: "{"), let tab = line.text.firstIndex(of: UInt8(ascii: "\t")) {
                return IngredientLine(
                    size: line.size, keyBeforeTab: String(decoding: line.text[..<tab], as: UTF8.self),
                    json: Array(line.text[(tab + 1)...]), isWhole: line.isWhole)
            }
            return IngredientLine(size: line.size, keyBeforeTab: nil, json: line.text, isWhole: line.isWhole)
        }
    }

    /// Adds an `ingredients.log` line to `lines`: `<key>\t<json>` when `keyBeforeTab` is
    /// given, else the JSON, coded against the line before.
    static func appendIngredient(_ json: [UInt8], keyBeforeTab: String?, to lines: inout FrontCodedLines) {
        guard let keyBeforeTab else { return lines.append(json) }
        lines.append(Array(keyBeforeTab.utf8) + [UInt8(ascii: "\t")] + json, coded: false)
    }

    /// One `O_APPEND` write, so builds appending at once never interleave their lines.
    private static func append(_ bytes: [UInt8], to path: String) throws(FileSystemError) {
        try FileSystem.append(bytes, to: path)
    }
}

/// `ingredients.log` read once, on the first question, into key → line: through the
/// process's `IngredientsFile`, so the plans of one process read what was appended since
/// the last one, not the whole log again.
private final class IngredientsIndex: Sendable {
    private let path: String
    private let lines = Mutex<[String: Substring]?>(nil)

    init(path: String) {
        self.path = path
    }

    subscript(key: String) -> CacheKeyIngredients? {
        let line = lines.withLock { lines in
            if lines == nil { lines = IngredientsFile.lines(at: path) }
            return lines?[key]
        }
        guard let line else { return nil }
        return try? JSONDecoder().decode(CacheKeyIngredients.self, from: Data(line.utf8))
    }
}
