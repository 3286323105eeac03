import Platform

/// `blobs/sha256/<hex>`: every published file's bytes once, named by their SHA-256,
/// read-only. Callers hold the publish lock.
struct BlobStore {
    let layout: ArtifactLayout

    /// Stores the file at `source` whose digest is `digest`: a copy (a clone where the
    /// file system can), fsynced, mode 0444; never a hard link, so a published file shares
    /// no inode with the output store. A blob already there is rehashed first: one changed
    /// in place (through a published version's hard link) is replaced by a fresh copy,
    /// so the damage stays in the versions that already hold it (where `verify` finds it)
    /// and never reaches this one. Returns the blob's path. `durable: false` leaves the
    /// fsyncs to the caller's one `FileSystem.syncFileSystem` after every blob is stored.
    func store(source: String, digest: FileDigest, durable: Bool = true) throws(ArtifactsError) -> String {
        let blob = layout.blob(digest.sha256)
        if let existing = try onDisk({ try FileSystem.status(blob) }) {
            if existing.isRegularFile, existing.size == digest.size,
                (try? FileHasher.digest(ofFileAt: blob))?.sha256 == digest.sha256
            {
                return blob
            }
            try onDisk { try AtomicFile.copy(source, to: blob, permissions: 0o444, placement: .replace, durable: durable) }
            return blob
        }
        try onDisk { try copy(source, to: blob, durable: durable) }
        return blob
    }

    /// Copies `source` in as `blob` by the one atomic-write policy, so a half-copied blob
    /// is never visible under its digest; a blob another publisher stored meanwhile is
    /// the same bytes, and stays.
    private func copy(_ source: String, to blob: String, durable: Bool) throws(FileSystemError) {
        do {
            try AtomicFile.copy(source, to: blob, permissions: 0o444, placement: .noReplace, durable: durable)
        } catch where error.code == FileSystemError.Code.exists {
            return
        }
    }

    /// Every blob's digest.
    func all() throws(ArtifactsError) -> [String] {
        try onDisk { try FileSystem.sortedEntries(layout.blobs) }.filter { $0.count == 64 && !$0.contains(".") }
    }
}
