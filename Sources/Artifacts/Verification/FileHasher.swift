import Platform

/// Hashes files with SHA-256, streaming 1 MiB reads, several files at once.
public enum FileHasher {
    /// The read size: large enough that system calls cost nothing next to hashing.
    public static let chunkSize = 1 << 20

    /// Hashes one file.
    public static func digest(ofFileAt path: String) throws(ArtifactsError) -> FileDigest {
        do {
            return try SHA256Digest.ofFile(at: path)
        } catch {
            throw ArtifactsError(error)
        }
    }

    /// Hashes every file of `paths` in parallel, at most `width` at a time (one per core
    /// by default), and returns the digests in the order of `paths`.
    public static func digests(
        ofFilesAt paths: [String], width: Int = defaultWidth
    ) async throws(ArtifactsError) -> [FileDigest] {
        var results = [FileDigest?](repeating: nil, count: paths.count)
        do {
            try await withThrowingTaskGroup(of: (Int, FileDigest).self) { group in
                var next = 0
                func startNext() {
                    let index = next
                    let path = paths[index]
                    group.addTask { (index, try digest(ofFileAt: path)) }
                    next += 1
                }
                while next < min(max(width, 1), paths.count) { startNext() }
                while let (index, digest) = try await group.next() {
                    results[index] = digest
                    if next < paths.count { startNext() }
                }
            }
        } catch let error as ArtifactsError {
            throw error
        } catch {
            throw ArtifactsError(.systemCall, path: paths.first ?? "", reason: "hashing stopped: \(error)")
        }
        return results.map { $0! }
    }

    /// One hashing task per processor.
    public static var defaultWidth: Int { CurrentProcess.processorCount }
}
