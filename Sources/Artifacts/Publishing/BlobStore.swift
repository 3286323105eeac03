import Platform

/// `blobs/sha256/<hex>`: every published file's bytes once, named by their SHA-256,
/// read-only. Callers hold the publish lock.
struct BlobStore {
    let layout: ArtifactLayout

    /// Stores the file at `source` whose digest is `digest`: a hard link when it is on the
    /// same filesystem, else a copy; fsynced, mode 0444. Returns the blob's path.
    func store(source: String, digest: FileDigest) throws(ArtifactsError) -> String {
        let blob = layout.blob(digest.sha256)
        if let existing = try onDisk({ try FileSystem.status(blob) }) {
            guard existing.isRegularFile, existing.size == digest.size else {
                throw ArtifactsError(
                    .systemCall, path: blob,
                    reason: "a blob with this name exists but is not a \(digest.size)-byte file; run verify")
            }
            return blob
        }
        do {
            _ = try FileSystem.hardLink(source, blob)
        } catch where [FileSystemError.Code.crossDevice, FileSystemError.Code.notPermitted, FileSystemError.Code.tooManyLinks]
            .contains(error.code)
        {
            try onDisk { try copy(source, to: blob) }
        } catch {
            throw ArtifactsError(error)
        }
        try onDisk { try FileSystem.changePermissions(blob, 0o444) }
        try onDisk { try FileSystem.syncPath(blob) }
        return blob
    }

    /// Copies `source` in as `blob` by the one atomic-write policy, so a half-copied blob
    /// is never visible under its digest; a blob another publisher stored meanwhile is
    /// the same bytes, and stays.
    private func copy(_ source: String, to blob: String) throws(FileSystemError) {
        do {
            try AtomicFile.copy(source, to: blob, permissions: 0o444, placement: .noReplace)
        } catch where error.code == FileSystemError.Code.exists {
            return
        }
    }

    /// Every blob's digest.
    func all() throws(ArtifactsError) -> [String] {
        try onDisk { try FileSystem.sortedEntries(layout.blobs) }.filter { $0.count == 64 && !$0.contains(".") }
    }
}
