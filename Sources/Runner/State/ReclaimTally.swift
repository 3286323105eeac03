import Platform

/// Counts the bytes that removing some paths gives back. The store shares one inode
/// between a blob, the trees made of it and the output folder it came from, so a file's
/// size counts only once every one of its links is among the paths removed.
struct ReclaimTally {
    private struct Identity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    private struct Links {
        var size: Int64
        var total: UInt64
        var removed: UInt64
    }

    private var files: [Identity: Links] = [:]

    /// Adds `path`, and everything under it when it is a directory. What cannot be read
    /// (a folder a stage made unreadable) is left out: the count errs low, never high.
    mutating func add(_ path: String) {
        guard let status = try? FileSystem.status(path) else { return }
        switch status.kind {
        case .directory:
            for name in (try? FileSystem.listDirectory(path)) ?? [] { add(path + "/" + name) }
        case .regular:
            let identity = Identity(device: status.device, inode: status.inode)
            files[identity, default: Links(size: status.size, total: status.linkCount, removed: 0)].removed += 1
        case .symbolicLink, .other:
            break
        }
    }

    /// The sizes of the files all of whose links were added.
    var bytes: Int64 {
        files.values.reduce(0) { $0 + ($1.removed >= $1.total ? $1.size : 0) }
    }
}
