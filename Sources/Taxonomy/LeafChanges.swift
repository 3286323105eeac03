import Git
import InstructLabValidation

/// The leaves added, modified and removed between two commits of the taxonomy, and the
/// first-parent (merged) commits between them.
///
/// Computed from git's tree comparison restricted to the configured folders, so merges
/// that touch no leaf produce no change and unchanged subtrees are never read. With no
/// base (the first build) every leaf is added.
public struct LeafChanges: Sendable {
    /// The older commit; nil for the first build.
    public let base: ObjectID?
    /// The newer commit.
    public let head: ObjectID
    /// How `head` relates to `base` (`isRewrite` after a force push); nil without a base.
    public let relation: HistoryRelation?
    /// The changed leaves, sorted by path.
    public let leaves: [ChangedLeaf]
    /// Refused entries among the changed paths (symlinked or misnamed leaf files,
    /// submodules, unsafe paths), sorted by path.
    public let problems: [TaxonomyLeafProblem]
    /// The first-parent commits after `base` up to `head`, newest first: one per merged
    /// pull request on a forge's main branch.
    public let commits: CommitLog

    /// Creates a record from its parts.
    public init(
        base: ObjectID?, head: ObjectID, relation: HistoryRelation?, leaves: [ChangedLeaf],
        problems: [TaxonomyLeafProblem], commits: CommitLog
    ) {
        self.base = base
        self.head = head
        self.relation = relation
        self.leaves = leaves
        self.problems = problems
        self.commits = commits
    }

    /// The most first-parent commits listed; older ones are counted as truncated.
    public static let defaultMaxCommits = 10_000

    /// Compares the leaves of `folders` between `base` and `head`.
    ///
    /// - Throws: `.commitNotFound` when either commit is not in the repository, or a git
    ///   failure.
    public init(
        in repository: Repository, from base: ObjectID?, to head: ObjectID,
        folders: [String] = TaxonomyLayout.defaultFolders,
        maxCommits: Int = LeafChanges.defaultMaxCommits
    ) throws(TaxonomyError) {
        let operation = "compare the leaves \(base?.hex ?? "(none)")..\(head.hex)"
        for commit in [base, head].compactMap({ $0 }) {
            do {
                _ = try repository.commit(commit)
            } catch {
                if error.kind == .notFound {
                    throw TaxonomyError(
                        kind: .commitNotFound(revision: commit.hex), operation: operation,
                        subject: repository.path, message: "commit \(commit.hex) is not in the taxonomy mirror")
                }
                throw .git(error, operation, repository.path)
            }
        }
        do {
            let safeFolders = folders.filter { LeafPath.problem(in: $0) == nil }
            let changes = try repository.changes(from: base, to: head, paths: safeFolders, detectRenames: false)
            var classifier = LeafChangeClassifier()
            classifier.add(changes)
            let leaves = try classifier.changedLeaves(folders: folders) { folder throws(GitError) in
                guard let entry = try repository.entry(atPath: folder + "/" + TaxonomyLayout.leafFileName, in: head),
                    entry.kind.isReadableFile
                else { return nil }
                return entry.id
            }
            self.init(
                base: base, head: head,
                relation: try base.map { base throws(GitError) in try repository.relation(from: base, to: head) },
                leaves: leaves, problems: classifier.problems.sorted { $0.path < $1.path },
                commits: try repository.firstParentLog(from: base, to: head, maxCount: maxCommits))
        } catch {
            throw .git(error, operation, repository.path)
        }
    }

    /// The changed leaves of one kind of change.
    public func leaves(_ change: ChangedLeaf.Change) -> [ChangedLeaf] {
        leaves.filter { $0.change == change }
    }
}

/// Turns file-level tree changes into leaf-level changes.
private struct LeafChangeClassifier {
    private(set) var problems: [TaxonomyLeafProblem] = []
    /// Folders where some file changed.
    private var folders: Set<String> = []
    /// Folders whose `qna.yaml` itself changed: its regular-file blob on each side.
    private var leafFiles: [String: (old: ObjectID?, new: ObjectID?)] = [:]

    mutating func add(_ changes: [TreeChange]) {
        for change in changes {
            for side in [change.old, change.new].compactMap({ $0 }) {
                let isNew = side == change.new
                if let reason = LeafPath.problem(in: side.path) {
                    if isNew { problems.append(.unsafe(side.path, reason)) }
                    continue
                }
                let folder = LeafPath.parentFolder(of: side.path)
                let name = LeafPath.lastComponent(of: side.path)
                folders.insert(folder)
                if isNew {
                    if side.kind == .submodule { problems.append(.submodule(side.path)) }
                    if name == "qna.yml" && side.kind.isReadableFile { problems.append(.misnamed(side.path)) }
                    if name == TaxonomyLayout.leafFileName && side.kind == .symlink { problems.append(.symlink(side.path)) }
                }
                guard name == TaxonomyLayout.leafFileName else { continue }
                var sides = leafFiles[folder] ?? (nil, nil)
                let id = side.kind.isReadableFile ? side.id : nil
                if isNew { sides.new = id } else { sides.old = id }
                leafFiles[folder] = sides
            }
        }
    }

    /// The changed leaves; `unchangedLeafFile(folder)` gives the `qna.yaml` blob of a
    /// folder whose `qna.yaml` did not change (the same on both sides), or nil.
    func changedLeaves(
        folders configured: [String], unchangedLeafFile: (String) throws(GitError) -> ObjectID?
    ) throws(GitError) -> [ChangedLeaf] {
        var leaves: [ChangedLeaf] = []
        leaves.reserveCapacity(folders.count)
        // The folders sorted, not the leaves: sorting moves strings, not whole records.
        for folder in folders.sorted(by: LeafPath.precedes) {
            guard let path = LeafPath(folder) else { continue }
            let sides: (old: ObjectID?, new: ObjectID?)
            if let changed = leafFiles[folder] {
                sides = changed
            } else {
                let id = try unchangedLeafFile(folder)
                sides = (id, id)
            }
            switch (sides.old, sides.new) {
            case (nil, nil): continue
            case (nil, let new?):
                leaves.append(ChangedLeaf(change: .added, path: path, oldBlobID: nil, newBlobID: new, folders: configured))
            case (let old?, nil):
                leaves.append(ChangedLeaf(change: .removed, path: path, oldBlobID: old, newBlobID: nil, folders: configured))
            case (let old?, let new?):
                leaves.append(ChangedLeaf(change: .modified, path: path, oldBlobID: old, newBlobID: new, folders: configured))
            }
        }
        return leaves
    }
}
