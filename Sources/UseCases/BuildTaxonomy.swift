import Foundation
import Git
import BuildConfiguration
import Platform
import Taxonomy

/// The taxonomy side of a build: bring the mirror up to date, find what changed since the
/// build's previous commit, check the leaves can be read safely, resolve knowledge
/// documents, and materialise the read-only snapshot stages see.
struct BuildTaxonomy {
    /// When the mirror is brought up to date with the remote.
    enum Fetch: Sendable {
        /// Always; a failed fetch fails (a build).
        case always
        /// Always, but a failed fetch falls back to the mirror with a warning (a plan,
        /// which must stay usable offline).
        case unlessOffline
        /// Only when there is no mirror yet (a plan with `--no-fetch`).
        case whenMissing
    }

    let taxonomy: ProjectTaxonomy

    /// What the build learned about the taxonomy, for its log and its manifest.
    struct Prepared: Sendable {
        var input: TaxonomyInput
        var head: ObjectID
        var previous: String?
        var changes: LeafChanges
        /// The changed leaves, for the build's log (shown only when the build runs).
        var changesDescription: String
        /// No leaf changed since the previous build's commit: this build is that build
        /// again (its changes count from the same commit, it starts from the same model).
        var sameLeavesAsPrevious: Bool = false
        /// The leaves left out (`taxonomy.exclude`, `on_invalid: skip`), with why.
        var skipped: [LeafSelection.Skipped] = []
        /// Set when the previous build's commit is no longer on the branch (a force-push).
        var rewrite: HistoryRewrite?
        /// The leaves read at `head`, and the knowledge documents' records by leaf: what the
        /// contribution records are read from when the build publishes (`contributions(of:)`).
        var tree: TaxonomyTree?
        var documents: [String: LeafDocuments] = [:]
        /// The snapshot being written (a build's; a plan only names it), to wait for
        /// before any stage runs.
        var snapshotWrite: SnapshotWrite?
    }

    /// The branch's history was rewritten since the previous build's commit.
    struct HistoryRewrite: Sendable {
        /// The previous build's commit.
        var previous: String
        /// The first-parent commits the branch dropped, newest first; empty when the
        /// mirror no longer holds the previous commit.
        var dropped: [Commit]
        /// The commit both histories share, when there is one.
        var commonAncestor: ObjectID?
    }

    /// Brings the mirror up to date with the remote.
    private func synchronize(note: @Sendable (String) -> Void) async throws {
        let url = taxonomy.spec.url
        if url.hasPrefix("/"), !FileManager.default.fileExists(atPath: url) {
            throw BuildPreparationError(
                "the taxonomy \(url) (builds.yaml taxonomy.url) does not exist"
                    + (url.hasSuffix("/.modelbuild/sample-taxonomy") ? "; make the sample one with scripts/sample-taxonomy" : ""))
        }
        let result = try await taxonomy.synchronize()
        note(Self.describe(result, url: url, branch: taxonomy.spec.branch))
    }

    /// Fetches (as `fetch` says) and prepares the input of a build whose previous commit was
    /// `previous`. Rebuilding the very commit the last build built (`sameBuildBase`: that
    /// build's commit and the commit it counted changes from) counts changes from the same
    /// place, so it is the same build and reuses every stage; so does a commit whose leaves
    /// are the last build's (no leaf changed since). Lines worth showing go to `note`.
    /// With `writesSnapshot` the snapshot is written in the background (`snapshotWrite`).
    /// Without (a plan) the snapshot is only named, not written: writing
    /// one is a file per leaf file and a folder per leaf folder. With `treeReads` the
    /// commit's leaves are read through it (a candidate's runs share one).
    func prepare(
        previous: String?, fetch: Fetch, note: @Sendable (String) -> Void,
        sameBuildBase: (built: String?, base: String?)? = nil, pin: TaxonomyPin? = nil,
        onInvalid: InvalidLeafPolicy = .fail, writesSnapshot: Bool = true, treeReads: TaxonomyTreeReads? = nil
    ) async throws -> Prepared {
        let mirrorExists = FileManager.default.fileExists(atPath: taxonomy.state.mirror.path)
        switch (fetch, mirrorExists) {
        case (.whenMissing, true):
            break
        case (.unlessOffline, true):
            do {
                try await synchronize(note: note)
            } catch {
                note(
                    "warning: could not fetch the taxonomy (\(error)); using the mirror as last fetched, "
                        + "so this plan may be stale")
            }
        case (.always, _), (_, false):
            try await synchronize(note: note)
        }
        let repository = try taxonomy.sync.openMirror()
        var head = try taxonomy.sync.branchHead(in: repository)
        var base = previous
        var sameLeaves = false
        if let sameBuildBase, sameBuildBase.built == head.hex { base = sameBuildBase.base }
        if let pin {
            do {
                head = try repository.resolveCommit(pin.commit)
            } catch {
                throw BuildPreparationError("\(pin.commit) is not a commit in the taxonomy mirror: \(error.message)")
            }
            base = pin.previous
        }
        var baseCommit: ObjectID?
        var rewrite: HistoryRewrite?
        if let previous = base {
            baseCommit = try? repository.resolveCommit(previous)
            if baseCommit == nil {
                note("warning: the previous build's commit \(previous.prefix(12)) is no longer in the taxonomy (history rewritten?); treating every leaf as changed")
                rewrite = HistoryRewrite(previous: previous, dropped: [], commonAncestor: nil)
                base = nil
            } else if let baseCommit {
                rewrite = try Self.rewrite(from: baseCommit, to: head, in: repository, note: note)
            }
        }
        var changes = try LeafChanges(in: repository, from: baseCommit, to: head, folders: taxonomy.spec.folders)
        // No leaf changed since the build before (a docs-only or CI merge): the leaves
        // are that build's, so it is that build again and counts its changes from the
        // same place, which keeps every key it planned.
        if pin == nil, let sameBuildBase, sameBuildBase.built != head.hex, baseCommit != nil, changes.leaves.isEmpty,
            changes.problems.isEmpty
        {
            let earlier = sameBuildBase.base.flatMap { try? repository.resolveCommit($0) }
            if sameBuildBase.base == nil || earlier != nil {
                base = sameBuildBase.base
                baseCommit = earlier
                changes = try LeafChanges(in: repository, from: baseCommit, to: head, folders: taxonomy.spec.folders)
                sameLeaves = true
            }
        }
        let fullTree =
            try treeReads?.tree(at: head, folders: taxonomy.spec.folders, in: repository, mirror: taxonomy.state.mirror.path)
            ?? TaxonomyTree(reading: repository, at: head, folders: taxonomy.spec.folders)
        if fullTree.leaves.isEmpty, fullTree.problems.isEmpty {
            // Said here, before anything runs: a stage would only find no data, again and again.
            throw BuildPreparationError(
                "no leaves under folders [\(taxonomy.spec.folders.joined(separator: ", "))] at \(head.hex.prefix(12)); "
                    + "nothing to build (is taxonomy.folders in builds.yaml right?)")
        }
        let selectedLeaves = try await LeafSelection.select(
            fullTree, problems: fullTree.problems + changes.problems, in: repository, exclude: taxonomy.spec.exclude,
            policy: onInvalid, validation: taxonomy.validationOptions, verdicts: taxonomy.state.leafVerdicts)
        let problems = selectedLeaves.problems.map(\.description)
        guard problems.isEmpty else {
            throw BuildPreparationError(
                "the taxonomy at \(head.hex.prefix(12)) has leaves modelbuild will not read:\n"
                    + Set(problems).sorted().map { "  error: " + $0 }.joined(separator: "\n")
                    + "\n(leave them out with taxonomy.exclude, or skip every such leaf with taxonomy.on_invalid: skip)",
                recordsRun: true)
        }
        var selection = selectedLeaves
        let (documents, failures) = try await taxonomy.resolveKnowledgeDocuments(of: selection.tree, in: repository)
        if !failures.isEmpty {
            let failing = failures.sorted { $0.key < $1.key }
            guard onInvalid == .skip else {
                throw BuildPreparationError(
                    "the documents of \(failing.count) knowledge leaves cannot be read:\n"
                        + failing.flatMap(\.value.diagnostics).map { "  " + $0.description }.joined(separator: "\n"),
                    recordsRun: true)
            }
            selection.skip(failing.map { ($0.key, $0.value.diagnostics.map(\.description)) }, reason: .documents)
        }
        let tree = selection.tree
        // A leaf's content identity: its folder's tree id (qna.yaml and attribution), and
        // for a knowledge leaf the digest of its documents.
        var leaves: [String: String] = [:]
        for leaf in tree.leaves {
            leaves[leaf.path.text] = leaf.treeID.hex + (documents[leaf.path.text].map { "+" + $0.documentsDigest } ?? "")
        }
        let snapshot = TaxonomySnapshot.directory(of: tree, in: taxonomy.state.snapshots, skipped: selection.skippedPaths)
        var snapshotWrite: SnapshotWrite?
        if writesSnapshot {
            let (source, skipped, earlierCommit) = (self, selection.skippedPaths, baseCommit)
            // Written while the build plans, which needs only its path (a thousand
            // folders cannot be shared as its files are); the build waits for it before
            // anything runs.
            snapshotWrite = SnapshotWrite {
                let repository = try source.taxonomy.sync.openMirror()
                _ = try TaxonomySnapshot.materialize(
                    tree, from: repository, in: source.taxonomy.state.snapshots, documents: documents, skipped: skipped,
                    sharing: source.earlierSnapshot(of: earlierCommit, for: tree, skipped: skipped, in: repository))
            }
        }
        var folderTrees: [String: String] = [:]
        for folder in taxonomy.spec.folders {
            if let id = try? repository.treeID(atPath: folder, in: head) { folderTrees[folder] = id.hex }
        }
        let changed = changes.leaves.filter { $0.change != .removed && leaves[$0.path.text] != nil }.map(\.path.text).sorted()
        let input = TaxonomyInput(
            commit: head.hex, snapshotPath: snapshot.path, folderTrees: folderTrees, leaves: leaves,
            changedLeaves: changed,
            moves: LeafMoves.find(in: changes, tree: tree, base: baseCommit, repository: repository))
        let changesDescription =
            sameLeaves
            ? "taxonomy: no leaf changed since the previous build's commit \(previous?.prefix(12) ?? "")"
            : Self.describe(changes, previous: base, moves: input.moves)
        return Prepared(
            input: input, head: head, previous: base, changes: changes,
            changesDescription: [changesDescription, selection.description].filter { !$0.isEmpty }.joined(separator: "\n"),
            sameLeavesAsPrevious: sameLeaves, skipped: selection.skipped, rewrite: rewrite, tree: tree,
            documents: documents.mapValues(LeafDocuments.init), snapshotWrite: snapshotWrite)
    }

    /// The snapshot of the commit the changes are counted from, when one is on disk and a
    /// new snapshot is to be written, for the new one to share its unchanged files.
    private func earlierSnapshot(
        of commit: ObjectID?, for tree: TaxonomyTree, skipped: [String], in repository: Repository
    ) -> TaxonomySnapshot.Earlier? {
        let snapshots = taxonomy.state.snapshots
        guard let commit, commit != tree.commit,
            !FileSystem.exists(TaxonomySnapshot.directory(of: tree, in: snapshots, skipped: skipped).path),
            let directory = TaxonomySnapshot.existingDirectory(of: commit, in: snapshots),
            let earlier = try? TaxonomyTree(reading: repository, at: commit, folders: taxonomy.spec.folders)
        else { return nil }
        return TaxonomySnapshot.Earlier(tree: earlier, directory: directory)
    }

    /// Every leaf's contribution record (who changed it last, `created_by`, its attribution,
    /// its documents), for the manifest and the model card. Read only when a build publishes:
    /// it walks the history and reads every leaf, which a plan does not need.
    func contributions(of prepared: Prepared) throws -> [LeafContribution] {
        guard let tree = prepared.tree else { return [] }
        return try LeafContribution.read(tree, from: try taxonomy.sync.openMirror(), documents: prepared.documents)
    }

    /// The rewrite of the branch's history from the previous build's commit `old` to
    /// `head`, or nil when history only grew: the commits dropped, said to `note`.
    static func rewrite(
        from old: ObjectID, to head: ObjectID, in repository: Repository, note: (String) -> Void
    ) throws -> HistoryRewrite? {
        let relation = try repository.relation(from: old, to: head)
        guard relation.isRewrite else { return nil }
        var ancestor: ObjectID?
        if case .rewritten(let mergeBase) = relation { ancestor = mergeBase }
        if case .rewound = relation { ancestor = head }
        let dropped = try repository.firstParentLog(from: head, to: old, maxCount: 1_000).commits
        var lines = [
            "warning: the taxonomy's history was rewritten: the previous build's commit \(old.hex.prefix(12)) is not "
                + "an ancestor of \(head.hex.prefix(12)); \(dropped.count) commits were dropped:"
        ]
        for commit in dropped.prefix(20) {
            let pr = commit.pullRequestNumber.map { " #\($0)" } ?? ""
            lines.append("  \(commit.id.hex.prefix(8))\(pr) \(PrintableText.escaping(commit.subject))")
        }
        note(lines.joined(separator: "\n"))
        return HistoryRewrite(previous: old.hex, dropped: dropped, commonAncestor: ancestor)
    }

    static func describe(_ result: TaxonomySyncResult, url: String, branch: String) -> String {
        var lines: [String]
        switch result.history {
        case .firstSync: lines = ["taxonomy: cloned \(url); \(branch) is at \(result.head.hex.prefix(12))"]
        case .unchanged: lines = ["taxonomy: \(branch) is still at \(result.head.hex.prefix(12))"]
        case .advanced:
            lines = [
                "taxonomy: \(branch) moved to \(result.head.hex.prefix(12)) (was \(result.previousHead?.hex.prefix(12) ?? "?")), \(result.merged.commits.count) merged commits:"
            ]
        case .forcePushed(let previous, _):
            lines = [
                "warning: taxonomy \(branch) was force-pushed: \(previous.hex.prefix(12)) is not an ancestor of \(result.head.hex.prefix(12))"
            ]
        }
        if case .advanced = result.history {
            for commit in result.merged.commits.prefix(20) {
                let pr = commit.pullRequestNumber.map { " #\($0)" } ?? ""
                lines.append("  \(commit.id.hex.prefix(8))\(pr) \(PrintableText.escaping(commit.subject)) (\(PrintableText.escaping(commit.authorName)))")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `taxonomy: 3 leaves changed since …:` and one line each (`moved old → new` for a move).
    static func describe(_ changes: LeafChanges, previous: String?, moves: [String: String] = [:]) -> String {
        let since = previous.map { "since \($0.prefix(12))" } ?? "(first build: every leaf)"
        guard !changes.leaves.isEmpty else { return "taxonomy: no leaf changed \(since)" }
        let movedAway = Set(moves.values)
        let shown = changes.leaves.compactMap { leaf -> String? in
            if leaf.change == .removed, movedAway.contains(leaf.path.text) { return nil }
            if leaf.change == .added, let from = moves[leaf.path.text] { return "moved \(from) → \(leaf.path.text)" }
            return "\(leaf.change.rawValue) \(leaf.path.text)"
        }
        var lines = ["taxonomy: \(shown.count) leaves changed \(since):"]
        lines += shown.prefix(30).map { "  " + $0 }
        if shown.count > 30 { lines.append("  … and \(shown.count - 30) more") }
        return lines.joined(separator: "\n")
    }
}

/// A build of a given taxonomy commit rather than the branch head (a release pinned to a
/// commit, or rebuilt as a nightly was), with the commit its changes count from.
public struct TaxonomyPin: Sendable, Hashable {
    public var commit: String
    public var previous: String?

    public init(commit: String, previous: String?) {
        self.commit = commit
        self.previous = previous
    }
}

/// A build that cannot start: the taxonomy cannot be read safely, a knowledge document
/// cannot be found, …
public struct BuildPreparationError: Error, Sendable, CustomStringConvertible {
    public let description: String
    /// The taxonomy's content stops the build (leaves modelbuild will not read, knowledge
    /// documents it cannot fetch): the build records a failed run with this reason.
    public let recordsRun: Bool

    public init(_ description: String, recordsRun: Bool = false) {
        self.description = description
        self.recordsRun = recordsRun
    }
}
