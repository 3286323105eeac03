import Foundation
import Git
import InstructLabValidation
import Taxonomy

/// The pull requests of one candidate, read from the mirror: each head, what it says of
/// itself, the leaves it changes against its merge base with the base version's commit,
/// and whether those leaves validate.
struct CandidatePullRequest: Sendable {
    var number: Int
    var head: ObjectID
    var commit: Commit
    /// Its own leaf changes: its head against its merge base with the base commit.
    var changes: [ChangedLeaf]
    /// Located validation errors of its leaves, and leaves modelbuild will not read.
    var problems: [CandidateReport.Problem]

    /// The leaves it adds or modifies (the ones to score).
    var scoredLeaves: [String] { changes.filter { $0.change != .removed }.map(\.path.text).sorted() }

    /// The entries the report lists.
    var leafEntries: [CandidateReport.ChangedLeafEntry] {
        changes.map { .init(path: $0.path.text, change: $0.change.rawValue) }.sorted { $0.path < $1.path }
    }

    /// Reads pull request `number` at `head` against `base`, validating its changed
    /// leaves as `taxonomy check` does.
    static func read(
        _ number: Int, head: ObjectID, base: ObjectID, in repository: Repository, folders: [String]
    ) async throws -> CandidatePullRequest {
        let commit = try repository.commit(head)
        let mergeBase = try repository.mergeBase(head, base)
        let changes = try LeafChanges(in: repository, from: mergeBase, to: head, folders: folders)
        var problems = changes.problems.map {
            CandidateReport.Problem(file: $0.path, line: nil, column: nil, message: $0.message)
        }
        let scored = Set(changes.leaves.filter { $0.change != .removed }.map(\.path.text))
        let tree = try TaxonomyTree(reading: repository, at: head, folders: folders)
        problems += tree.problems.filter { problem in scored.contains(where: problem.isInside) }.map {
            CandidateReport.Problem(file: $0.path, line: nil, column: nil, message: $0.message)
        }
        var sources: [LeafSource] = []
        for leaf in tree.leaves where scored.contains(leaf.path.text) {
            let bytes = try TaxonomyTree.readLeafFile(leaf, from: repository)
            sources.append(LeafSource(path: leaf.qnaPath, bytes: bytes, siblings: SiblingFiles(names: leaf.siblingNames)))
        }
        let validator = LeafValidator(options: LeafValidationOptions(folders: folders))
        for report in await validator.validateConcurrently(sources) {
            problems += report.errors.map {
                CandidateReport.Problem(
                    file: $0.location.file, line: $0.location.line, column: $0.location.column, message: $0.message)
            }
        }
        return CandidatePullRequest(
            number: number, head: head, commit: commit, changes: changes.leaves, problems: problems)
    }
}

/// The candidate's taxonomy commit: the base version's commit with each pull request
/// merged in turn, in memory (libgit2's three-way merge; objects are written to the
/// mirror's object database, no reference moves and nothing is checked out).
enum CandidateMerge {
    /// The merged commit, and the pull requests that did not merge with their files.
    static func merge(
        _ pullRequests: [CandidatePullRequest], into base: ObjectID, baseVersion: String, in repository: Repository
    ) throws -> (commit: ObjectID?, conflicts: [Int: [String]]) {
        var current = base
        var conflicts: [Int: [String]] = [:]
        var merged = 0
        let date = try repository.commit(base).committerDate
        for pullRequest in pullRequests {
            switch try repository.merge(pullRequest.head, into: current) {
            case .conflicted(let paths):
                conflicts[pullRequest.number] = paths
            case .merged(let tree):
                current = try repository.writeCommit(
                    tree: tree, parents: [current, pullRequest.head],
                    message: "Candidate: merge pull request #\(pullRequest.number) (\(pullRequest.head.hex.prefix(12))) into \(baseVersion)\n",
                    author: "modelbuild", email: "modelbuild@localhost", date: date)
                merged += 1
            }
        }
        return (merged == 0 ? nil : current, conflicts)
    }
}
