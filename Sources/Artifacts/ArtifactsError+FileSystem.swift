import Platform

/// Runs file-system calls, turning a failure into a `.systemCall` `ArtifactsError` that
/// carries the `FileSystemError` (its errno and cause) as a value.
func onDisk<Result>(_ body: () throws(FileSystemError) -> Result) throws(ArtifactsError) -> Result {
    do {
        return try body()
    } catch {
        throw ArtifactsError(error)
    }
}

/// Replaces `path` with `bytes` by the one atomic-write policy (`AtomicFile`), creating
/// its folder first when missing.
func replaceAtomically(_ path: String, with bytes: [UInt8], mode: UInt32 = 0o644) throws(ArtifactsError) {
    try onDisk { () throws(FileSystemError) in
        try FileSystem.makeDirectories(FileSystem.splitLastComponent(path).directory)
        try AtomicFile.write(bytes, to: path, permissions: mode)
    }
}
