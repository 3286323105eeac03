import CGit2

/// The content of a file as stored in git.
public struct Blob: Sendable, Hashable {
    /// The blob's id.
    public let id: ObjectID
    /// The file's bytes.
    public let bytes: [UInt8]

    /// Creates a blob from its parts.
    public init(id: ObjectID, bytes: [UInt8]) {
        self.id = id
        self.bytes = bytes
    }
}

extension Repository {
    /// Reads the file at `path` in the commit's tree, refusing files over `maxSize` bytes
    /// before any of their content is loaded.
    ///
    /// - Throws: `.notFound` when nothing is at `path`; `.notAFile(kind)` when the path is
    ///   a symlink, submodule or directory (never followed or read as a file);
    ///   `.blobTooLarge(size:limit:)` when the file is bigger than `maxSize`.
    public func readFile(atPath path: String, in commit: ObjectID, maxSize: Int) throws(GitError)
        -> Blob
    {
        let normalized = normalizedTreePath(path)
        let operation = "read '\(normalized)' at \(commit)"
        guard let entry = try entry(atPath: normalized, in: commit) else {
            throw failure(.notFound, operation, "no such path in the commit's tree")
        }
        guard entry.kind.isReadableFile else {
            throw failure(
                .notAFile(entry.kind), operation,
                "the path is a \(entry.kind.rawValue), not a regular file")
        }
        return try readBlob(entry.id, maxSize: maxSize, operation)
    }

    /// Reads the blob `id`, refusing blobs over `maxSize` bytes before loading them.
    ///
    /// - Throws: `.notFound`, or `.blobTooLarge(size:limit:)`.
    public func readBlob(_ id: ObjectID, maxSize: Int) throws(GitError) -> Blob {
        try readBlob(id, maxSize: maxSize, "read blob \(id)")
    }

    /// The blob's size in bytes, read from the object header without loading its content.
    public func blobSize(_ id: ObjectID) throws(GitError) -> Int {
        try blobSize(id, "read the size of blob \(id)")
    }

    private func readBlob(_ id: ObjectID, maxSize: Int, _ operation: String) throws(GitError) -> Blob {
        let size = try blobSize(id, operation)
        guard size <= maxSize else {
            throw failure(
                .blobTooLarge(size: size, limit: maxSize), operation,
                "the blob is \(size) bytes, over the limit of \(maxSize) bytes")
        }
        var blob: OpaquePointer?
        try check(id.withGitOID { git_blob_lookup(&blob, handle, $0) }, operation)
        defer { git_blob_free(blob) }
        let count = Int(git_blob_rawsize(blob))
        guard count > 0, let content = git_blob_rawcontent(blob) else {
            return Blob(id: id, bytes: [])
        }
        let bytes = [UInt8](UnsafeRawBufferPointer(start: content, count: count))
        return Blob(id: id, bytes: bytes)
    }

    private func blobSize(_ id: ObjectID, _ operation: String) throws(GitError) -> Int {
        var database: OpaquePointer?
        try check(git_repository_odb(&database, handle), operation)
        defer { git_odb_free(database) }
        var length = 0
        var type = GIT_OBJECT_INVALID
        try check(id.withGitOID { git_odb_read_header(&length, &type, database, $0) }, operation)
        guard type == GIT_OBJECT_BLOB else {
            throw failure(.notFound, operation, "object \(id) is not a blob")
        }
        return length
    }
}
