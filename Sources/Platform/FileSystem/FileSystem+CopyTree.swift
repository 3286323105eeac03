extension FileSystem {
    /// Copies the tree at `source` to `destination` (which must not exist) as a read-only
    /// tree of its own inodes: every regular file copied (`copyFile`, so a clone where the
    /// file system can) without its write bits, symbolic links recreated as they are,
    /// folders made `0o555` once filled. Devices, sockets and pipes are left out.
    ///
    /// Nothing done to the copy reaches the source: this is how a stage is given what it
    /// must read but must not be able to change for anyone else.
    public static func copyTreeReadOnly(_ source: String, to destination: String) throws(FileSystemError) {
        guard let root = try status(source), root.isDirectory else {
            throw FileSystemError(operation: "copy tree", path: source, code: FileSystemError.Code.notDirectory)
        }
        var folders: [String] = [""]
        var pending: [String] = [""]
        try makeNewDirectory(destination)
        while let relative = pending.popLast() {
            let from = relative.isEmpty ? source : source + "/" + relative
            let to = relative.isEmpty ? destination : destination + "/" + relative
            for name in try listDirectory(from) {
                guard let entry = try status(from + "/" + name) else { continue }
                let child = relative.isEmpty ? name : relative + "/" + name
                switch entry.kind {
                case .regular:
                    try copyFile(from + "/" + name, to: to + "/" + name, permissions: entry.permissions & 0o555, durable: false)
                case .directory:
                    try makeNewDirectory(to + "/" + name)
                    folders.append(child)
                    pending.append(child)
                case .symbolicLink:
                    try makeSymbolicLink(target: try readSymbolicLink(from + "/" + name), at: to + "/" + name)
                case .other:
                    continue
                }
            }
        }
        // Deepest first, so each folder is still writable while its children are made read-only.
        for folder in folders.reversed() {
            try changePermissions(folder.isEmpty ? destination : destination + "/" + folder, 0o555)
        }
    }
}
