import Git
import Synchronization
import Taxonomy

/// The leaves of the last taxonomy commit read through it, so that a candidate's two
/// runs of one pinned commit (its precheck, then its build) read that commit's trees
/// once: a thousand leaves are a thousand trees and blob headers. The candidate makes one
/// and hands it to both runs (`BuildOptions.treeReads`).
///
/// A commit's trees never change, so a read is reused only for the same mirror, the same
/// commit and the same folders; any other is read afresh and replaces it. Only the last
/// read is kept.
final class TaxonomyTreeReads: Sendable {
    /// What a read depends on.
    private struct Key: Hashable {
        var mirror: String
        var commit: ObjectID
        var folders: [String]
    }

    private let last = Mutex<(key: Key, tree: TaxonomyTree)?>(nil)

    init() {}

    /// The leaves of `folders` at `commit` in `repository`, the mirror at `mirror`: as
    /// `TaxonomyTree(reading:at:folders:)` reads them, or as they were last read here.
    func tree(
        at commit: ObjectID, folders: [String], in repository: Repository, mirror: String
    ) throws(TaxonomyError) -> TaxonomyTree {
        let key = Key(mirror: mirror, commit: commit, folders: folders)
        if let known = last.withLock({ $0 }), known.key == key { return known.tree }
        let tree = try TaxonomyTree(reading: repository, at: commit, folders: folders)
        last.withLock { $0 = (key, tree) }
        return tree
    }
}
