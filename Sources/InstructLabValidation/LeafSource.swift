import Foundation

/// A taxonomy leaf as read from a git blob: its path from the taxonomy's root, its
/// bytes, and the files beside it in the same tree.
public struct LeafSource: Sendable {
    /// Taxonomy-relative, `/`-separated: `knowledge/science/birds/qna.yaml`. Messages
    /// name the leaf by this path.
    public var path: String
    public var bytes: [UInt8]
    public var siblings: SiblingFiles

    public init(path: String, bytes: [UInt8], siblings: SiblingFiles) {
        self.path = path
        self.bytes = bytes
        self.siblings = siblings
    }
}

/// The other files in a leaf's folder (names, and sizes where known), so validation can
/// require `attribution.txt` without a work tree.
public struct SiblingFiles: Sendable, Hashable {
    private var sizes: [String: Int?]

    /// Names with their sizes in bytes (a git tree entry's blob size).
    public init(sizes: [String: Int]) {
        self.sizes = sizes.mapValues { $0 }
    }

    /// Names whose sizes are not known; such files are taken to be non-empty.
    public init(names: some Sequence<String>) {
        sizes = Dictionary(names.map { ($0, nil) }, uniquingKeysWith: { first, _ in first })
    }

    /// No siblings at all.
    public static let none = SiblingFiles(names: [])

    /// The files beside `file` on disk, with their sizes (`file` itself left out): for
    /// leaves read from a folder rather than from git.
    public init(beside file: URL) {
        let folder = file.deletingLastPathComponent()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var sizes: [String: Int] = [:]
        for name in names where name != file.lastPathComponent {
            let attributes = try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)
            sizes[name] = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        }
        self.init(sizes: sizes)
    }

    /// Whether a file of that name sits beside the leaf.
    public func contains(_ name: String) -> Bool { sizes[name] != nil }

    /// The file's size when it exists and its size is known.
    public func size(of name: String) -> Int? { sizes[name] ?? nil }
}
