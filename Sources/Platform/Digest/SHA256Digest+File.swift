/// The size and SHA-256 of one file's bytes.
public struct FileDigest: Sendable, Hashable {
    /// The size in bytes.
    public var size: Int64
    /// Lowercase hex, as `sha256sum` prints it.
    public var sha256: String

    /// A digest of `size` bytes whose SHA-256 is `sha256`.
    public init(size: Int64, sha256: String) {
        self.size = size
        self.sha256 = sha256
    }
}

extension SHA256Digest {
    /// Streams the file at `path` through SHA-256 in 1 MiB reads.
    public static func ofFile(at path: String) throws(FileSystemError) -> FileDigest {
        var digest = SHA256Digest()
        var size: Int64 = 0
        try FileSystem.forEachChunk(of: path) { chunk in
            digest.update(buffer: chunk)
            size += Int64(chunk.count)
        }
        return FileDigest(size: size, sha256: digest.finalizeHex())
    }
}
