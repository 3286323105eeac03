import Foundation
import Platform

extension KeyLog {
    /// The file of instance → key: one line `<instance>\t<key>` an instance, sorted by
    /// instance and front-coded (`FrontCodedLines`): the instances of a per-leaf stage share
    /// their names up to their leaf's last characters, so a line is its key and little
    /// more. A key of 64 hex digits (a SHA-256) is written `=` and its 32 bytes in base64
    /// (44 characters; `=` is no key's character): about 55 bytes a line where `keys.json`
    /// took 126.
    static let keysFileName = "keys.txt"
    /// What kept the keys before 2026-12-07: a JSON object, read when there is no `keys.txt`.
    static let oldKeysFileName = "keys.json"

    /// The file's contents for `keys`.
    static func keysFile(_ keys: [String: String]) -> [UInt8] {
        var lines = FrontCodedLines()
        for instance in keys.keys.sorted() {
            lines.append(Array(instance.utf8) + [UInt8(ascii: "\t")] + Array(compact(keys[instance]!).utf8))
        }
        return lines.bytes
    }

    /// The keys `state` keeps: `keys.txt`, else `keys.json`; nil when neither exists.
    /// - Throws: `StateFileError` when the file exists but cannot be read, or a line is not
    ///   `<instance>\t<key>`.
    static func readKeys(state: String) throws(StateFileError) -> [String: String]? {
        let path = state + "/" + keysFileName
        guard let data = FileManager.default.contents(atPath: path) else { return try readOldKeys(state: state) }
        var keys: [String: String] = [:]
        for (number, line) in FrontCodedLines.lines(of: data).enumerated() {
            guard line.isWhole, let tab = line.text.lastIndex(of: UInt8(ascii: "\t")), tab > 0 else {
                throw StateFileError(path: path, reason: "line \(number + 1) is not an instance, a tab and a key")
            }
            let key = String(decoding: line.text[(tab + 1)...], as: UTF8.self)
            guard let expanded = expand(key) else {
                throw StateFileError(path: path, reason: "line \(number + 1): \(key) is not a key")
            }
            keys[String(decoding: line.text[..<tab], as: UTF8.self)] = expanded
        }
        return keys
    }

    /// `key` as `keys.txt` writes it: `=` and base64 for 64 lowercase hex digits, else as it is.
    static func compact(_ key: String) -> String {
        guard key.utf8.count == 64, let bytes = SHA256Digest.bytes(ofHex: key) else { return key }
        return "=" + Data(bytes).base64EncodedString().dropLast()
    }

    /// The key `compact(_:)` wrote; nil for a damaged one.
    static func expand(_ written: String) -> String? {
        guard written.hasPrefix("=") else { return written }
        guard let bytes = Data(base64Encoded: written.dropFirst() + "="), bytes.count == 32 else { return nil }
        return SHA256Digest.hex(of: bytes)
    }

    private static func readOldKeys(state: String) throws(StateFileError) -> [String: String]? {
        let path = state + "/" + oldKeysFileName
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode([String: String].self, from: data)
        } catch {
            throw StateFileError(path: path, reason: String(describing: error))
        }
    }
}
