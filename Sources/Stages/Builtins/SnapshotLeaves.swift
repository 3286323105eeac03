import Foundation
import InstructLabValidation
import Platform
import YAML

/// The leaves of a materialised taxonomy snapshot (the read-only tree stages receive):
/// every folder holding a `qna.yaml`, by its path relative to the snapshot.
struct SnapshotLeaves {
    let root: URL

    init(path: String) {
        root = URL(fileURLWithPath: path, isDirectory: true)
    }

    /// Leaf paths, sorted (`knowledge/science/birds`): a walk of the snapshot's folders by
    /// Platform's listing, which tells folders from files without a `stat` each (links are
    /// not followed; a folder that cannot be listed is passed over).
    func all() -> [String] {
        var leaves: [String] = []
        var folders = [""]
        while let folder = folders.popLast() {
            let path = folder.isEmpty ? root.path : root.path + "/" + folder
            guard let entries = try? FileSystem.listDirectoryEntries(path) else { continue }
            for entry in entries {
                if entry.name == TaxonomyLayout.leafFileName { leaves.append(folder) }
                if entry.kind == .directory { folders.append(folder.isEmpty ? entry.name : folder + "/" + entry.name) }
            }
        }
        return leaves.sorted()
    }

    /// The bytes of `leaf`'s qna.yaml.
    func qna(_ leaf: String) throws(BuiltinStageError) -> [UInt8] {
        let path = qnaFile(leaf).path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BuiltinStageError("\(leaf)/\(TaxonomyLayout.leafFileName) is not in the taxonomy snapshot \(root.path)")
        }
        return Array(data)
    }

    /// The path of `leaf`'s qna.yaml in the snapshot.
    func qnaFile(_ leaf: String) -> URL {
        root.appendingPathComponent(leaf).appendingPathComponent(TaxonomyLayout.leafFileName)
    }

    /// The folder of `leaf`'s knowledge documents in the snapshot (absent for skills).
    func documentsFolder(_ leaf: String) -> URL {
        root.appendingPathComponent(leaf).appendingPathComponent(TaxonomyLayout.snapshotDocumentsFolderName)
    }

    /// `leaf`'s qna.yaml with its siblings, as validation reads it.
    func source(_ leaf: String) throws(BuiltinStageError) -> LeafSource {
        LeafSource(
            path: leaf + "/" + TaxonomyLayout.leafFileName, bytes: try qna(leaf), siblings: SiblingFiles(beside: qnaFile(leaf)))
    }

    /// The warning validate prints for an empty leaf, which every stage skips.
    func emptyLeafWarning(_ leaf: String) -> String {
        let file = leaf + "/" + TaxonomyLayout.leafFileName
        return LeafDiagnosticFormatter(format: .text).format(
            LeafDiagnostic(.file, Diagnostic(.warning, at: SourceLocation(file: file, line: 1, column: 1), LeafReport.emptyFileMessage)))
    }

    /// The error for a changed leaf this snapshot lacks. Snapshots are reused by commit, so
    /// one written by an older modelbuild (under a smaller size limit, say) can lack a leaf
    /// the build changed; validating the others alone would pass a leaf nobody checked.
    func missingLeafReport(_ leaf: String) -> LeafReport {
        let file = leaf + "/" + TaxonomyLayout.leafFileName
        let message = "changed leaf \(leaf) is missing from the taxonomy snapshot \(root.path), "
            + "which may have been written by an older modelbuild; remove that snapshot so the next build writes it again"
        return LeafReport(
            path: file, diagnostics: [LeafDiagnostic(.file, Diagnostic(at: SourceLocation(file: file, line: 1, column: 1), message))])
    }
}
