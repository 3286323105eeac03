import Platform
import Synchronization

/// Finds a program named without a `/` on a `PATH` value, the way `execvp` does: the
/// first directory holding an executable regular file of that name.
///
/// Executors resolve the name themselves rather than leave it to the spawn: a spawn that
/// searches tries `execve` in every directory before the right one (swift-subprocess
/// spawned a whole process per directory, eight for a trivial stage), while `access` and
/// `stat` per directory cost microseconds, and a cached answer nothing.
enum ExecutableSearch {
    /// The absolute path of `program` found on `searchPath` (directories separated by
    /// `:`; relative ones are skipped, as they mean a different folder to every stage), or nil.
    static func find(_ program: String, on searchPath: String?) -> String? {
        guard let searchPath, !program.isEmpty, !program.contains("/") else { return nil }
        for directory in searchPath.split(separator: ":") where directory.hasPrefix("/") {
            let candidate = String(directory.hasSuffix("/") ? directory + program : directory + "/" + program)
            if isExecutableFile(candidate) { return candidate }
        }
        return nil
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        FileSystem.isExecutableFile(path)
    }
}

/// Programs already found, by `PATH` and name, like a shell's hash table: a graph of a
/// thousand stages running the same program searches for it once. A program removed
/// after it was found fails to start, as it would in a shell.
final class ExecutableCache: Sendable {
    private struct Query: Hashable {
        var program: String
        var searchPath: String?
    }

    private let found = Mutex<[Query: String]>([:])

    init() {}

    /// `ExecutableSearch.find`, remembered when it finds something.
    func find(_ program: String, on searchPath: String?) -> String? {
        let query = Query(program: program, searchPath: searchPath)
        if let path = found.withLock({ $0[query] }) { return path }
        guard let path = ExecutableSearch.find(program, on: searchPath) else { return nil }
        found.withLock { $0[query] = path }
        return path
    }
}
