#if canImport(Glibc)
import Glibc
#endif

/// `blobs/sha256/<hex>`: every published file's bytes once, named by their SHA-256,
/// read-only. Callers hold the publish lock.
struct BlobStore {
    let layout: ArtifactLayout

    /// Stores the file at `source` whose digest is `digest`: a hard link when it is on the
    /// same filesystem, else a copy; fsynced, mode 0444. Returns the blob's path.
    func store(source: String, digest: FileDigest) throws(ArtifactsError) -> String {
        let blob = layout.blob(digest.sha256)
        if let existing = try SystemCalls.status(blob) {
            guard existing.isRegularFile, existing.size == digest.size else {
                throw ArtifactsError(
                    .systemCall, path: blob,
                    reason: "a blob with this name exists but is not a \(digest.size)-byte file; run verify")
            }
            return blob
        }
        switch SystemCalls.link(source, blob) {
        case 0, EEXIST:
            break
        case EXDEV, EPERM, EMLINK:
            try copy(source, to: blob)
        case let code:
            throw SystemCalls.failure("link to \(blob)", source, code)
        }
        try SystemCalls.changeMode(blob, 0o444)
        try SystemCalls.fsync(path: blob)
        return blob
    }

    /// Copies through a temporary name in the blob folder, then links it in place, so a
    /// half-copied blob is never visible under its digest.
    private func copy(_ source: String, to blob: String) throws(ArtifactsError) {
        let temporary = blob + ".partial-\(getpid())"
        try SystemCalls.removeFile(temporary)
        let input = try SystemCalls.open(source, O_RDONLY)
        defer { SystemCalls.close(input) }
        let output = try SystemCalls.open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode: 0o444)
        defer { SystemCalls.close(output) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: FileHasher.chunkSize, alignment: 4096)
        defer { buffer.deallocate() }
        while true {
            let count = read(input, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemCalls.failure("read", source)
            }
            if count == 0 { break }
            var written = 0
            while written < count {
                let step = write(output, buffer.baseAddress! + written, count - written)
                if step < 0 {
                    if errno == EINTR { continue }
                    throw SystemCalls.failure("write", temporary)
                }
                written += step
            }
        }
        try SystemCalls.fsync(output, path: temporary)
        let code = SystemCalls.link(temporary, blob)
        try SystemCalls.removeFile(temporary)
        if code != 0 && code != EEXIST { throw SystemCalls.failure("link to \(blob)", temporary, code) }
    }

    /// Every blob's digest.
    func all() throws(ArtifactsError) -> [String] {
        try SystemCalls.directoryEntries(layout.blobs).filter { $0.count == 64 && !$0.contains(".") }
    }
}
