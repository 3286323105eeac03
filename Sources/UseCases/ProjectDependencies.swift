import Foundation
import Platform

/// The project files a stage declares in `deps:`, by content: paths and globs under the
/// folder holding builds.yaml (`data/x.txt`, `scripts/*.sh`, `data/**`), a folder meaning
/// every file in it. modelbuild's own folders (`.modelbuild`, `artifacts`, `.git`) are
/// never walked.
struct ProjectDependencies {
    static let skippedFolders: Set<String> = [".modelbuild", "artifacts", ".git"]

    let root: String

    /// Each matching file's path relative to the project → its SHA-256.
    /// - Throws: `PlanningError` when a pattern matches no file, or a file cannot be read.
    func digests(_ patterns: [String], stage: String) throws(PlanningError) -> [String: String] {
        var digests: [String: String] = [:]
        for pattern in patterns {
            let matched = files(matching: pattern)
            guard !matched.isEmpty else {
                throw PlanningError("stage \(stage): deps: \(pattern) matches no file under \(root)")
            }
            for path in matched {
                do {
                    digests[path] = try SHA256Digest.ofFile(at: root + "/" + path).sha256
                } catch {
                    throw PlanningError("stage \(stage): deps: cannot read \(path): \(error)")
                }
            }
        }
        return digests
    }

    private func files(matching pattern: String) -> [String] {
        let components = pattern.split(separator: "/").filter { $0 != "." }
        guard GlobPattern.isPattern(pattern) else {
            let relative = components.joined(separator: "/")
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory) else { return [] }
            return isDirectory.boolValue ? files(under: relative) : [relative]
        }
        let literal = components.prefix { !GlobPattern.isPattern(String($0)) }.joined(separator: "/")
        return files(under: literal).filter {
            GlobPattern.matches(components[...], $0.split(separator: "/")[...])
        }
    }

    /// Every regular file under `folder` (relative to the project), sorted.
    private func files(under folder: String) -> [String] {
        let start = folder.isEmpty ? root : root + "/" + folder
        guard let walker = FileManager.default.enumerator(atPath: start) else { return [] }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            if folder.isEmpty, Self.skippedFolders.contains(relative) {
                walker.skipDescendants()
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: start + "/" + relative, isDirectory: &isDirectory),
                !isDirectory.boolValue
            else { continue }
            found.append(folder.isEmpty ? relative : folder + "/" + relative)
        }
        return found.sorted()
    }
}
