import Platform


extension OutputStore {
    /// The outputs of `key` as a read-only directory, `store/trees/<key>/`, for a
    /// dependant's `inputs`. Made once, of hard links to the blobs (never copies), in a
    /// temporary folder renamed into place, so a reader sees the whole tree or none; when
    /// two builds race, the first rename wins and the other's folder is discarded.
    /// Directories are made read-only (`0o555`) like the files.
    public func directory(_ key: String) throws(OutputStoreError) -> String {
        try Self.validate(key)
        let tree = treePath(key)
        if FileSystem.exists(tree) { return tree }
        guard let entry = try entry(key) else { throw .entryNotFound(key: key) }
        let temporary = temporaryDirectory + "/tree-" + FileSystem.uniqueSuffix()
        do {
            try FileSystem.makeDirectories(temporary)
            try populate(temporary, with: entry)
            try sync(temporary)
            if try FileSystem.renameDirectoryIfAbsent(temporary, tree) {
                try FileSystem.changePermissions(tree, 0o555)
                try sync(treesDirectory)
            } else {
                try FileSystem.removeTree(temporary)
            }
        } catch let error as OutputStoreError {
            try? FileSystem.removeTree(temporary)
            throw error
        } catch let error as FileSystemError {
            try? FileSystem.removeTree(temporary)
            throw .system(error)
        } catch {
            try? FileSystem.removeTree(temporary)
            throw .system(FileSystemError(operation: "materialise", path: tree, code: 0))
        }
        return tree
    }

    /// Makes the output directory `entry` was just ingested from into the tree of its key,
    /// by renaming it into place, so a dependant's `directory(key)` finds the tree made
    /// rather than linking a new one file by file. Only when every file there is already
    /// its blob (ingestion hard-linked it) and no tree exists; otherwise nothing changes,
    /// and `directory(key)` makes the tree when it is first asked for. The folder must not
    /// change any more: call this after every process of the attempt is gone.
    /// - Returns: whether the folder became the tree.
    @discardableResult
    public func adopt(outputDirectory: String, as entry: StoreEntry) throws(OutputStoreError) -> Bool {
        let key = entry.cacheKey
        try Self.validate(key)
        let tree = treePath(key)
        do {
            if FileSystem.exists(tree) { return false }
            for (path, file) in entry.files {
                guard let output = try FileSystem.status(outputDirectory + "/" + path),
                    let blob = try FileSystem.status(blobPath(sha256: file.sha256)),
                    output.inode == blob.inode, output.device == blob.device
                else { return false }
            }
            guard try FileSystem.renameDirectoryIfAbsent(outputDirectory, tree) else { return false }
            // Children before parents, as in `populate`, then the tree itself.
            for directory in entry.directories.reversed() {
                try FileSystem.changePermissions(tree + "/" + directory, 0o555)
            }
            try FileSystem.changePermissions(tree, 0o555)
            try sync(treesDirectory)
        } catch {
            throw .system(error)
        }
        return true
    }

    private func populate(_ folder: String, with entry: StoreEntry) throws {
        for directory in entry.directories {
            try FileSystem.makeDirectories(folder + "/" + directory)
        }
        for (path, file) in entry.files {
            let blob = blobPath(sha256: file.sha256)
            let destination = folder + "/" + path
            guard FileSystem.exists(blob) else {
                throw OutputStoreError.blobMissing(key: entry.cacheKey, file: path, sha256: file.sha256)
            }
            _ = try FileSystem.hardLink(blob, destination)
        }
        for (path, target) in entry.symbolicLinks {
            try FileSystem.makeSymbolicLink(target: target, at: folder + "/" + path)
        }
        // Children before parents, so each is still writable when its turn comes.
        for directory in entry.directories.reversed() {
            try FileSystem.changePermissions(folder + "/" + directory, 0o555)
        }
    }

    /// Where `directory(key)` puts the tree of `key` (whether or not it is there yet).
    public func treePath(_ key: String) -> String {
        treesDirectory + "/" + key
    }

    /// Removes the materialised tree of `key`, if any: renamed aside first so that no
    /// reader sees a half-removed tree.
    package func removeTree(_ key: String) throws(OutputStoreError) {
        let tree = treesDirectory + "/" + key
        guard FileSystem.exists(tree) else { return }
        let aside = temporaryDirectory + "/stale-" + FileSystem.uniqueSuffix()
        do {
            try FileSystem.changePermissions(tree, 0o755)
            try FileSystem.rename(tree, aside)
            try FileSystem.removeTree(aside)
        } catch {
            throw .system(error)
        }
    }
}
