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
    func prepare(
        previous: String?, fetch: Fetch, note: @Sendable (String) -> Void,
        sameBuildBase: (built: String?, base: String?)? = nil, pin: TaxonomyPin? = nil
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
        if let previous = base {
            baseCommit = try? repository.resolveCommit(previous)
            if baseCommit == nil {
                note("warning: the previous build's commit \(previous.prefix(12)) is no longer in the taxonomy (history rewritten?); treating every leaf as changed")
                base = nil
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
        let tree = try TaxonomyTree(reading: repository, at: head, folders: taxonomy.spec.folders)
        if tree.leaves.isEmpty, tree.problems.isEmpty {
            // Said here, before anything runs: a stage would only find no data, again and again.
            throw BuildPreparationError(
                "no leaves under folders [\(taxonomy.spec.folders.joined(separator: ", "))] at \(head.hex.prefix(12)); "
                    + "nothing to build (is taxonomy.folders in builds.yaml right?)")
        }
        let problems = (tree.problems + changes.problems).map(\.description)
        guard problems.isEmpty else {
            throw BuildPreparationError(
                "the taxonomy at \(head.hex.prefix(12)) has leaves modelbuild will not read:\n"
                    + Set(problems).sorted().map { "  error: " + $0 }.joined(separator: "\n"))
        }
        let documents: [String: KnowledgeDocumentSet]
        do {
            documents = try await taxonomy.knowledgeDocuments(of: tree, in: repository)
        } catch let error as KnowledgeDocumentError {
            throw BuildPreparationError(error.description)
        }
        // A leaf's content identity: its folder's tree id (qna.yaml and attribution), and
        // for a knowledge leaf the digest of its documents.
        var leaves: [String: String] = [:]
        for leaf in tree.leaves {
            leaves[leaf.path.text] = leaf.treeID.hex + (documents[leaf.path.text].map { "+" + $0.documentsDigest } ?? "")
        }
        let snapshot = try TaxonomySnapshot.materialize(
            tree, from: repository, in: taxonomy.state.snapshots, documents: documents)
        var folderTrees: [String: String] = [:]
        for folder in taxonomy.spec.folders {
            if let id = try? repository.treeID(atPath: folder, in: head) { folderTrees[folder] = id.hex }
        }
        let changed = changes.leaves.filter { $0.change != .removed }.map(\.path.text).sorted()
        let input = TaxonomyInput(
            commit: head.hex, snapshotPath: snapshot.directory.path, folderTrees: folderTrees, leaves: leaves,
            changedLeaves: changed,
            moves: LeafMoves.find(in: changes, tree: tree, base: baseCommit, repository: repository))
        return Prepared(
            input: input, head: head, previous: base, changes: changes,
            changesDescription: sameLeaves
                ? "taxonomy: no leaf changed since the previous build's commit \(previous?.prefix(12) ?? "")"
                : Self.describe(changes, previous: base, moves: input.moves),
            sameLeavesAsPrevious: sameLeaves)
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

    public init(_ description: String) {
        self.description = description
    }
}
