import Foundation

/// The leaves of a materialised taxonomy snapshot (the read-only tree stages receive):
/// every folder holding a `qna.yaml`, by its path relative to the snapshot.
struct SnapshotLeaves {
    let root: URL

    init(path: String) {
        root = URL(fileURLWithPath: path, isDirectory: true)
    }

    /// Leaf paths, sorted (`knowledge/science/birds`).
    func all() -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var leaves: [String] = []
        while let relative = walker.nextObject() as? String {
            if (relative as NSString).lastPathComponent == "qna.yaml" {
                leaves.append((relative as NSString).deletingLastPathComponent)
            }
        }
        return leaves.sorted()
    }

    /// The bytes of `leaf`'s qna.yaml.
    func qna(_ leaf: String) throws(BuiltinStageError) -> [UInt8] {
        let path = qnaFile(leaf).path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BuiltinStageError("\(leaf)/qna.yaml is not in the taxonomy snapshot \(root.path)")
        }
        return Array(data)
    }

    /// The path of `leaf`'s qna.yaml in the snapshot.
    func qnaFile(_ leaf: String) -> URL {
        root.appendingPathComponent(leaf).appendingPathComponent("qna.yaml")
    }
}
