import Platform

/// Runs file-system calls, turning a failure into a `.systemCall` `ArtifactsError` that
/// carries the `FileSystemError` (its errno and cause) as a value.
///
/// The body is untyped only because a one-line closure's typed throws is not inferred;
/// everything it calls throws `FileSystemError`.
func onDisk<Result>(_ body: () throws -> Result) throws(ArtifactsError) -> Result {
    do {
        return try body()
    } catch let error as FileSystemError {
        throw ArtifactsError(error)
    } catch let error as ArtifactsError {
        throw error
    } catch {
        throw ArtifactsError(.systemCall, path: "", reason: "\(error)")
    }
}

/// Replaces `path` with `bytes` by the one atomic-write policy (`AtomicFile`), creating
/// its folder first when missing.
func replaceAtomically(_ path: String, with bytes: [UInt8], mode: UInt32 = 0o644) throws(ArtifactsError) {
    try onDisk {
        try FileSystem.makeDirectories(FileSystem.splitLastComponent(path).directory)
        try AtomicFile.write(bytes, to: path, permissions: mode)
    }
}
