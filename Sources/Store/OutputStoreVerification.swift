import Platform

/// What `OutputStore.verify()` found: how much it checked and each entry it removed.
public struct StoreVerification: Sendable, Hashable {
    /// An entry that could not be trusted, and why.
    public struct DamagedEntry: Sendable, Hashable {
        /// Its cache key (the entry's file name without `.json`).
        public var key: String
        /// The stage that made it, when the entry could be read.
        public var job: String?
        /// One line per problem: which file, which blob, what is wrong.
        public var problems: [String]
    }

    /// How many entries were read.
    public var entriesChecked = 0
    /// How many distinct blobs were rehashed.
    public var blobsChecked = 0
    /// The entries found damaged (and removed, with their trees and damaged blobs).
    public var damaged: [DamagedEntry] = []
}

extension OutputStore {
    /// Rehashes every blob every entry names and compares it with the entry: an entry
    /// that cannot be read, or names a blob that is missing, of the wrong size or of other
    /// bytes, is damaged. Each damaged entry is removed, with its tree and its damaged
    /// blobs, so the next build that needs it reruns its stage and stores it afresh.
    /// Run it with the store lock held exclusively (no build running).
    public func verify() throws(OutputStoreError) -> StoreVerification {
        var report = StoreVerification()
        var blobVerdicts: [String: String?] = [:]  // sha256 → nil when sound, else the problem
        let names: [String]
        do {
            names = try FileSystem.sortedEntries(entriesDirectory).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
        } catch {
            throw .system(error)
        }
        for name in names {
            let key = String(name.dropLast(".json".count))
            guard Self.isValidKey(key) else { continue }
            report.entriesChecked += 1
            let entry: StoreEntry
            do {
                guard let read = try self.entry(key) else { continue }
                entry = read
            } catch {
                report.damaged.append(.init(key: key, job: nil, problems: ["\(error)"]))
                try remove(key, damagedBlobs: [])
                continue
            }
            var problems: [String] = []
            var damagedBlobs: [String] = []
            for (path, file) in entry.files.sorted(by: { $0.key < $1.key }) {
                if blobVerdicts[file.sha256] == nil {
                    blobVerdicts[file.sha256] = .some(blobProblem(file))
                    report.blobsChecked += 1
                }
                if case .some(.some(let problem)) = blobVerdicts[file.sha256] {
                    problems.append("\(path): blob \(file.sha256) \(problem)")
                    damagedBlobs.append(file.sha256)
                }
            }
            guard !problems.isEmpty else { continue }
            report.damaged.append(.init(key: key, job: entry.origin.job, problems: problems))
            try remove(key, damagedBlobs: damagedBlobs)
        }
        return report
    }

    /// Why the blob of `file` cannot be trusted, or nil when it holds exactly its bytes.
    private func blobProblem(_ file: StoredFile) -> String? {
        let blob = blobPath(sha256: file.sha256)
        do {
            guard let status = try FileSystem.status(blob), status.isRegularFile else { return "is missing" }
            guard status.size == file.size else { return "has \(status.size) bytes, not \(file.size)" }
            let actual = try Self.sha256(of: blob)
            return actual == file.sha256 ? nil : "has other bytes (SHA-256 \(actual))"
        } catch {
            return "cannot be read: \(error)"
        }
    }

    /// Removes the entry of `key` (first, so it is never reused meanwhile), its tree and
    /// `damagedBlobs`.
    private func remove(_ key: String, damagedBlobs: [String]) throws(OutputStoreError) {
        do {
            try FileSystem.removeFile(entryPath(key))
            try removeTree(key)
            for blob in Set(damagedBlobs) { try FileSystem.removeFile(blobPath(sha256: blob)) }
        } catch let error as OutputStoreError {
            throw error
        } catch let error as FileSystemError {
            throw .system(error)
        } catch {
            throw .system(FileSystemError(operation: "remove", path: entryPath(key), code: 0))
        }
    }
}
