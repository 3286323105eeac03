import Platform
import StageProtocol
import Store

/// What one attempt reads, as its own read-only copies under
/// `runs/<run>/inputs/<stage>.<attempt>/`: each need's stored outputs (`<need>/`), the
/// taxonomy snapshot (`.taxonomy/`; for a per-leaf `foreach` instance only its own leaf's
/// folder, at the same path in it) and a base model taken from the store
/// (`.base-model/`); a stage id never starts with a dot, so the names never meet.
///
/// A stage owns these copies and can make them writable, but they share no inode with
/// the store, the shared snapshot or a published version: whatever it does to them is
/// gone when the attempt ends and reaches no other stage and no later build. Copies are
/// clones where the file system shares blocks (btrfs, xfs), else real copies; their cost
/// is what the runner benchmark's per-stage figure shows.
struct AttemptInputs: Sendable {
    /// `runs/<run>/inputs/<stage>.<attempt>`
    let folder: String
    /// Need id → cache key of its stored outputs.
    let storedNeeds: [String: String]

    /// Where the copy of `need`'s outputs is.
    func path(of need: String) -> String {
        folder + "/" + StageFileName.encode(need)
    }

    var taxonomyPath: String { folder + "/.taxonomy" }
    var baseModelPath: String { folder + "/.base-model" }

    /// `context` with its snapshot and its stored base model replaced by the private
    /// copies' paths. A base model given by path outside the store (a pinned file) is the
    /// user's own, and stays as it is.
    func privatise(_ context: StageContext, store: OutputStore) -> StageContext {
        var context = context
        if context.taxonomy != nil { context.taxonomy?.path = taxonomyPath }
        if let path = context.baseModel?.path, store.treeKey(of: path) != nil { context.baseModel?.path = baseModelPath }
        return context
    }

    /// Makes every copy `privatise` named, from the store's blobs and the shared snapshot
    /// that `original` (the job's context before `privatise`) names. Anything left from an
    /// earlier try is removed first.
    func make(for original: StageContext, store: OutputStore) throws {
        let snapshot = original.taxonomy?.path
        let baseModelKey = original.baseModel?.path.flatMap(store.treeKey(of:))
        // A stage that reads nothing costs no folder.
        guard !storedNeeds.isEmpty || snapshot != nil || baseModelKey != nil else { return }
        try FileSystem.removeTree(folder)
        // One mkdir: the run made `inputs/` (each costs, in a chain of short stages).
        try FileSystem.makeNewDirectory(folder)
        for (need, key) in storedNeeds {
            try store.copyOutputs(key, to: path(of: need))
        }
        if let snapshot {
            if let leaf = original.taxonomy?.leaf {
                // A per-leaf instance reads its own leaf: copying the whole snapshot for
                // each of a thousand instances would cost the square of the taxonomy.
                let parent = leaf.split(separator: "/").dropLast().joined(separator: "/")
                try FileSystem.makeDirectories(parent.isEmpty ? taxonomyPath : taxonomyPath + "/" + parent)
                try FileSystem.copyTreeReadOnly(snapshot + "/" + leaf, to: taxonomyPath + "/" + leaf)
            } else {
                try FileSystem.copyTreeReadOnly(snapshot, to: taxonomyPath)
            }
        }
        if let baseModelKey {
            try store.copyOutputs(baseModelKey, to: baseModelPath)
        }
    }

    /// Removes the copies (after the attempt, whatever its outcome).
    func remove() {
        try? FileSystem.removeTree(folder)
    }
}
