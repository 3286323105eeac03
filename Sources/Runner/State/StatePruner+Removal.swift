import Platform

extension StatePruner {
    /// Removes what `plan` says goes, in an order that a crash at any point leaves sound:
    /// run folders (each renamed aside first); then entry files, made durable before
    /// anything they list goes, so a build never finds an entry whose tree or blobs are
    /// half gone; then trees (read-only: made writable first); then blobs; then leftovers and the caller's other removals.
    public func carryOut(_ plan: StatePrunePlan) throws {
        for decision in plan.removedRuns { try removeRun(decision.run) }
        let store = try state.openStore()
        for removal in plan.removedEntries { try FileSystem.removeFile(store.entryPath(removal.key)) }
        if !plan.removedEntries.isEmpty { try FileSystem.syncPath(store.entriesDirectory) }
        for key in plan.removedTrees { try store.removeTree(key) }
        for blob in plan.removedBlobs { try FileSystem.removeFile(store.blobPath(sha256: blob)) }
        for path in plan.leftovers + plan.otherRemovals { try FileSystem.removeTree(path) }
    }

    private func removeRun(_ run: RunDirectory) throws(FileSystemError) {
        let aside = state.runsDirectory + "/" + Self.removingPrefix + run.id
        try FileSystem.rename(run.path, aside)
        try FileSystem.removeTree(aside)
    }
}
