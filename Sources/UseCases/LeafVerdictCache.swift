import Foundation
import InstructLabValidation
import Platform
import Taxonomy

/// The validation verdicts of the leaves `on_invalid: skip` checked, by path and content:
/// a leaf's folder tree id (its `qna.yaml` and the files beside it) under the same validation
/// options and the same modelbuild executable gives the same verdict, so the next build
/// validates only the leaves that changed. Kept in `.modelbuild/leaf-verdicts.json`; a
/// file that cannot be read is ignored (every leaf is validated again).
struct LeafVerdictCache {
    /// A leaf's verdict: valid (`reason` nil), or why it is skipped and the messages.
    struct Verdict: Codable, Sendable, Hashable {
        var reason: String?
        var messages: [String]
    }

    /// The file: the valid leaves' keys (most leaves) one after the other in one string,
    /// 16 characters each, the others' verdicts by key.
    private struct File: Codable {
        var identity: String
        var valid: String?
        var verdicts: [String: Verdict]
    }

    /// The length of a key (`key(_:)`).
    static let keyLength = 16

    let path: URL
    /// What the verdicts hold for: the options and the executable.
    let identity: String
    private(set) var verdicts: [String: Verdict] = [:]

    /// The cache at `path` for verdicts under `options`.
    init(path: URL, options: LeafValidationOptions) {
        self.path = path
        var identity = "options: \(options)"
        let executable = ProcessInfo.processInfo.arguments.first.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        if let executable, let attributes = try? FileManager.default.attributesOfItem(atPath: executable) {
            identity += "; executable: \(executable) \(attributes[.size] ?? "") \(attributes[.modificationDate] ?? "")"
        }
        self.identity = SHA256Digest.hex(identity)
        if let data = FileManager.default.contents(atPath: path.path),
            let file = try? JSONDecoder().decode(File.self, from: data), file.identity == self.identity
        {
            verdicts = file.verdicts
            let valid = Array((file.valid ?? "").utf8)
            for start in stride(from: 0, to: valid.count - Self.keyLength + 1, by: Self.keyLength) {
                verdicts[String(decoding: valid[start..<start + Self.keyLength], as: UTF8.self)] = Verdict(reason: nil, messages: [])
            }
        }
    }

    /// The verdict recorded under `key` (`key(_:)`).
    subscript(key: String) -> Verdict? { verdicts[key] }

    /// A leaf's key: the digest of its path (which picks its schema, and which messages
    /// name) and its folder's tree id (its content). Its first 96 bits in base64
    /// (`keyLength` characters) stand for both: the path and the tree id spelled out were
    /// 94 bytes a leaf, in a file that holds every leaf of the taxonomy.
    static func key(_ leaf: TaxonomyLeaf) -> String {
        var digest = SHA256Digest()
        digest.update(Array(leaf.path.text.utf8))
        digest.update([0])
        digest.update(Array(leaf.treeID.hex.utf8))
        return Data(digest.finalize().prefix(12)).base64EncodedString()
    }

    /// Keeps exactly `verdicts` (the current tree's leaves) and writes them back.
    mutating func save(_ verdicts: [String: Verdict]) {
        guard verdicts != self.verdicts else { return }
        self.verdicts = verdicts
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let valid = verdicts.filter { $0.value == Verdict(reason: nil, messages: []) }
        let file = File(
            identity: identity, valid: valid.keys.sorted().joined(), verdicts: verdicts.filter { valid[$0.key] == nil })
        guard let bytes = try? encoder.encode(file) else { return }
        // A verdict not written is only validated again next time.
        try? AtomicFile.write(Array(bytes), to: path.path)
    }
}
