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
        let path = root.appendingPathComponent(leaf).appendingPathComponent("qna.yaml").path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BuiltinStageError("\(leaf)/qna.yaml is not in the taxonomy snapshot \(root.path)")
        }
        return Array(data)
    }

    /// The other files in `leaf`'s folder, with their sizes.
    func siblings(_ leaf: String) -> [String: Int] {
        let folder = root.appendingPathComponent(leaf)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var sizes: [String: Int] = [:]
        for name in names where name != "qna.yaml" {
            let attributes = try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)
            sizes[name] = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        }
        return sizes
    }
}
