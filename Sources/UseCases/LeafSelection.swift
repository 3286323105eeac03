import BuildConfiguration
import Foundation
import Git
import InstructLabValidation
import Taxonomy

/// Which leaves of the taxonomy a build reads: every leaf but those `taxonomy.exclude`
/// names, and with `on_invalid: skip` also those validation refuses, the empty ones and
/// those modelbuild will not read (a symlinked `qna.yaml`, …). Each leaf left out is
/// listed with why, and with its located errors.
struct LeafSelection: Sendable {
    /// A leaf the build does not read.
    struct Skipped: Sendable, Hashable {
        /// Why it is left out.
        enum Reason: String, Sendable, Hashable {
            /// `taxonomy.exclude` names it.
            case excluded
            /// Validation refuses it (`on_invalid: skip`).
            case invalid
            /// Its document is empty: InstructLab warns and skips it.
            case empty
            /// modelbuild will not read it (a symlink, a submodule, an unsafe path, …).
            case unreadable
            /// Its knowledge documents cannot be fetched.
            case documents
        }

        /// The leaf's folder (or the refused entry's path).
        var path: String
        var reason: Reason
        /// The located messages (`ERROR: knowledge/a/qna.yaml:3:1 …`), or the pattern
        /// that excluded it.
        var messages: [String]
    }

    /// The leaves read.
    var tree: TaxonomyTree
    /// The leaves left out, sorted by path.
    var skipped: [Skipped]
    /// The refused entries that still fail the build (with `on_invalid: fail`: those
    /// `exclude` does not name).
    var problems: [TaxonomyLeafProblem]

    /// `tree` with the leaves `exclude` names left out, and with `policy` `.skip` the
    /// invalid, empty and unreadable ones too (`problems` are the refused entries of the
    /// tree and of the changes). With `.fail` the refused entries stay problems for the
    /// caller. Verdicts are kept in the file `verdicts` names (`LeafVerdictCache`), so
    /// only leaves whose content changed are validated again.
    static func select(
        _ tree: TaxonomyTree, problems: [TaxonomyLeafProblem], in repository: Repository, exclude: [String],
        policy: InvalidLeafPolicy, validation: LeafValidationOptions, verdicts: URL? = nil
    ) async throws -> LeafSelection {
        var skipped: [Skipped] = []
        var kept: [TaxonomyLeaf] = []
        for leaf in tree.leaves {
            if let pattern = exclude.first(where: { matches($0, leaf.path.text) }) {
                skipped.append(Skipped(path: leaf.path.text, reason: .excluded, messages: ["excluded by taxonomy.exclude \(pattern)"]))
            } else {
                kept.append(leaf)
            }
        }
        var unreadable: Set<String> = []
        let problems = problems.filter { problem in !exclude.contains { matches($0, problem.path) } }
        if policy == .skip {
            var problemsByPath: [String: [String]] = [:]
            for problem in problems {
                problemsByPath[problem.path, default: []].append(problem.description)
            }
            for (path, messages) in problemsByPath {
                skipped.append(Skipped(path: path, reason: .unreadable, messages: Array(Set(messages)).sorted()))
                unreadable.insert(path)
            }
            var cache = verdicts.map { LeafVerdictCache(path: $0, options: validation) }
            var known: [String: LeafVerdictCache.Verdict] = [:]
            var unknown: [(leaf: TaxonomyLeaf, key: String)] = []
            // Each leaf's key is worked out once (a digest of its path and tree id).
            let keys = kept.map(LeafVerdictCache.key)
            for (leaf, key) in zip(kept, keys) {
                if let verdict = cache?[key] { known[key] = verdict } else { unknown.append((leaf, key)) }
            }
            var sources: [LeafSource] = []
            for (leaf, _) in unknown {
                let bytes = try TaxonomyTree.readLeafFile(leaf, from: repository)
                sources.append(LeafSource(path: leaf.qnaPath, bytes: bytes, siblings: SiblingFiles(names: leaf.siblingNames)))
            }
            let reports = await LeafValidator(options: validation).validateConcurrently(sources)
            let formatter = LeafDiagnosticFormatter(format: .text)
            for ((_, key), report) in zip(unknown, reports) {
                known[key] =
                    !report.isValid
                    ? LeafVerdictCache.Verdict(reason: Skipped.Reason.invalid.rawValue, messages: report.errors.map(formatter.format))
                    : report.isEmptyLeaf
                        ? LeafVerdictCache.Verdict(reason: Skipped.Reason.empty.rawValue, messages: formatter.format(report))
                        : LeafVerdictCache.Verdict(reason: nil, messages: [])
            }
            cache?.save(known)
            var valid: [TaxonomyLeaf] = []
            for (leaf, key) in zip(kept, keys) {
                let verdict = known[key]
                if let reason = verdict?.reason.flatMap(Skipped.Reason.init(rawValue:)) {
                    skipped.append(Skipped(path: leaf.path.text, reason: reason, messages: verdict?.messages ?? []))
                } else {
                    valid.append(leaf)
                }
            }
            kept = valid
        }
        // A leaf inside a refused entry (below a submodule's path, say) is not read either.
        kept.removeAll { leaf in unreadable.contains { leaf.path.text == $0 || leaf.path.text.hasPrefix($0 + "/") } }
        let remaining = policy == .skip ? [] : problems
        return LeafSelection(
            tree: TaxonomyTree(commit: tree.commit, folders: tree.folders, leaves: kept, problems: remaining),
            skipped: skipped.sorted { $0.path < $1.path }, problems: remaining)
    }

    /// Leaves found wanting after selection (their documents cannot be read): left out too.
    mutating func skip(_ leaves: [(path: String, messages: [String])], reason: Skipped.Reason) {
        let paths = Set(leaves.map(\.path))
        skipped = (skipped + leaves.map { Skipped(path: $0.path, reason: reason, messages: $0.messages) }).sorted { $0.path < $1.path }
        tree = TaxonomyTree(
            commit: tree.commit, folders: tree.folders, leaves: tree.leaves.filter { !paths.contains($0.path.text) },
            problems: tree.problems)
    }

    /// Whether `pattern` (a glob over `/`-separated paths) names `path` or a folder above it.
    static func matches(_ pattern: String, _ path: String) -> Bool {
        let wanted = pattern.split(separator: "/")[...]
        let components = path.split(separator: "/")
        return (1...max(components.count, 1)).contains { GlobPattern.matches(wanted, components.prefix($0)) }
    }

    /// The paths left out, for the snapshot's name.
    var skippedPaths: [String] { skipped.map(\.path) }

    /// The lines a build prints about the leaves it leaves out; empty when none is.
    var description: String {
        guard !skipped.isEmpty else { return "" }
        var lines = ["taxonomy: \(skipped.count) leaves skipped (not built):"]
        for leaf in skipped {
            lines.append("  \(leaf.reason.rawValue) \(leaf.path)")
            lines += leaf.messages.prefix(5).map { "    " + $0 }
            if leaf.messages.count > 5 { lines.append("    … and \(leaf.messages.count - 5) more") }
        }
        return lines.joined(separator: "\n")
    }
}
