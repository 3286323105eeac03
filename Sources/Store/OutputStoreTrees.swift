import Platform


extension OutputStore {
    /// The outputs of `key` as a read-only directory, `store/trees/<key>/`, for
    /// modelbuild's own reading (a stored base model's path); a stage is never given it,
    /// only a copy (`copyOutputs`). Made once, of hard links to the blobs, in a
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

    /// Lays out the outputs of `key` at `destination` (which must not exist) as a private,
    /// read-only copy made from the blobs: files cloned or copied with their recorded mode
    /// less its write bits, links recreated, folders `0o555`. What a stage does to such a
    /// copy (it owns it, and can make it writable) changes nothing in the store.
    public func copyOutputs(_ key: String, to destination: String) throws(OutputStoreError) {
        guard let entry = try entry(key) else { throw .entryNotFound(key: key) }
        do {
            try FileSystem.makeNewDirectory(destination)
            for directory in entry.directories {
                try FileSystem.makeDirectories(destination + "/" + directory)
            }
            for (path, file) in entry.files {
                let blob = blobPath(sha256: file.sha256)
                guard FileSystem.exists(blob) else {
                    throw OutputStoreError.blobMissing(key: key, file: path, sha256: file.sha256)
                }
                try FileSystem.copyFile(blob, to: destination + "/" + path, permissions: file.mode & 0o555, durable: false)
            }
            for (path, target) in entry.symbolicLinks {
                try FileSystem.makeSymbolicLink(target: target, at: destination + "/" + path)
            }
            for directory in entry.directories.reversed() {
                try FileSystem.changePermissions(destination + "/" + directory, 0o555)
            }
            try FileSystem.changePermissions(destination, 0o555)
        } catch let error as OutputStoreError {
            throw error
        } catch let error as FileSystemError {
            throw .system(error)
        } catch {
            throw .system(FileSystemError(operation: "copy outputs", path: destination, code: 0))
        }
    }

    /// The key of the tree `path` names (`store/trees/<key>`), or nil when `path` is not
    /// one of the store's trees.
    public func treeKey(of path: String) -> String? {
        let prefix = treesDirectory + "/"
        guard path.hasPrefix(prefix) else { return nil }
        let key = String(path.dropFirst(prefix.count).prefix { $0 != "/" })
        return Self.isValidKey(key) ? key : nil
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
