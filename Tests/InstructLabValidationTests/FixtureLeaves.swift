import Foundation
import InstructLabValidation
import TestSupport

/// Taxonomy leaves read from fixture folders, with the files beside each, the way the
/// Git module will hand them over from trees.
enum FixtureLeaves {
    /// Every `.yaml`/`.yml` file under `root`, keyed by its path relative to `root`.
    static func leaves(under root: URL) throws -> [LeafSource] {
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL } ?? []
        return try files.filter { $0.pathExtension == "yaml" || $0.pathExtension == "yml" }
            .map { try leaf(at: $0, root: root) }
            .sorted { $0.path < $1.path }
    }

    static func leaf(at url: URL, root: URL) throws -> LeafSource {
        let rootPath = root.standardizedFileURL.resolvingSymlinksInPath().path
        let filePath = url.standardizedFileURL.resolvingSymlinksInPath().path
        let relative = String(filePath.dropFirst(rootPath.count + 1))
        let folder = url.deletingLastPathComponent()
        var sizes: [String: Int] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name != url.lastPathComponent {
            let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)
            sizes[name] = (attributes[.size] as? NSNumber)?.intValue ?? 0
        }
        return LeafSource(path: relative, bytes: [UInt8](try Data(contentsOf: url)), siblings: SiblingFiles(sizes: sizes))
    }
}
