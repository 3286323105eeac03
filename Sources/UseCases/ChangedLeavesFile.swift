import Platform

/// The build's full list of changed leaves as one read-only file that every stage
/// instance's `context.json` names (`taxonomy.changedLeavesFile`), instead of a copy of
/// the list in each context: `<state>/changes/<sha256>.txt`, one leaf path a line. Named
/// by its content, so builds with the same changes share it; rewritten when what is there
/// no longer matches its name.
enum ChangedLeavesFile {
    /// Writes the list (if the file is not already there, whole) and returns its path.
    static func write(_ leaves: [String], state: String) throws(FileSystemError) -> String {
        let bytes = Array(leaves.map { $0 + "\n" }.joined().utf8)
        let digest = SHA256Digest.hex(bytes)
        let folder = state + "/changes"
        let path = folder + "/" + digest + ".txt"
        if (try? SHA256Digest.ofFile(at: path).sha256) == digest { return path }
        try FileSystem.makeDirectories(folder)
        try AtomicFile.write(bytes, to: path, permissions: 0o444, durable: false)
        return path
    }
}
