import Git
import InstructLabValidation

/// Which first-parent commit last changed each leaf: the contribution a leaf's current
/// content came from (on a forge's main branch, the merged pull request).
///
/// Walks the first-parent history newest first, comparing each commit with its first
/// parent restricted to the taxonomy folders (unchanged subtrees are never read), and stops
/// once every leaf asked about is placed or `maxCommits` commits were read.
public enum LeafHistory {
    /// The most commits read back; a leaf last changed before them has no record.
    public static let defaultMaxCommits = 5_000

    /// The commit that last changed each of `leaves` (folder paths) on `head`'s
    /// first-parent line.
    public static func lastChanges(
        of leaves: Set<String>, in repository: Repository, head: ObjectID, folders: [String],
        maxCommits: Int = defaultMaxCommits
    ) throws(TaxonomyError) -> [String: Commit] {
        var found: [String: Commit] = [:]
        guard !leaves.isEmpty else { return found }
        let operation = "find the commits that last changed each leaf"
        do {
            let log = try repository.firstParentLog(from: nil, to: head, maxCount: maxCommits + 1)
            let paths = folders.filter { LeafPath.problem(in: $0) == nil }
            for (position, commit) in log.commits.prefix(maxCommits).enumerated() {
                let parent = position + 1 < log.commits.count ? log.commits[position + 1].id : nil
                if parent == nil, log.isTruncated { break }
                for change in try repository.changes(from: parent, to: commit.id, paths: paths, detectRenames: false) {
                    for file in [change.new, change.old].compactMap({ $0 }) {
                        guard let leaf = leaf(containing: file.path, among: leaves), found[leaf] == nil else { continue }
                        found[leaf] = commit
                    }
                }
                if found.count == leaves.count { break }
            }
        } catch {
            throw .git(error, operation, repository.path)
        }
        return found
    }

    /// The leaf folder in `leaves` that holds `path` (the nearest enclosing one).
    static func leaf(containing path: String, among leaves: Set<String>) -> String? {
        var folder = Substring(path)
        while let slash = folder.lastIndex(of: "/") {
            folder = folder[..<slash]
            if leaves.contains(String(folder)) { return String(folder) }
        }
        return nil
    }
}
