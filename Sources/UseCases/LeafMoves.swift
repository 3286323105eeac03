import Git
import Taxonomy

/// Leaves moved with their content unchanged: a leaf removed at one path and added at
/// another whose folder tree id is the same on both sides (`git mv` of a leaf folder, a
/// reorganisation of the taxonomy). Such a leaf is the same data under a new name, so its
/// per-leaf outputs are reused and reports show it as a move.
enum LeafMoves {
    /// New path → old path, for every added leaf whose tree equals a removed leaf's tree
    /// at `base` (each removed leaf claimed once, in path order).
    static func find(in changes: LeafChanges, tree: TaxonomyTree, base: ObjectID?, repository: Repository) -> [String: String] {
        guard let base else { return [:] }
        var removedByTree: [ObjectID: [String]] = [:]
        for leaf in changes.leaves where leaf.change == .removed {
            guard let id = try? repository.treeID(atPath: leaf.path.text, in: base) else { continue }
            removedByTree[id, default: []].append(leaf.path.text)
        }
        guard !removedByTree.isEmpty else { return [:] }
        let trees = Dictionary(tree.leaves.map { ($0.path.text, $0.treeID) }, uniquingKeysWith: { first, _ in first })
        var moves: [String: String] = [:]
        for leaf in changes.leaves where leaf.change == .added {
            guard let id = trees[leaf.path.text], var candidates = removedByTree[id], !candidates.isEmpty else { continue }
            moves[leaf.path.text] = candidates.removeFirst()
            removedByTree[id] = candidates
        }
        return moves
    }
}
