import CPlatform
import Glibc

extension FileSystem {
    /// `rename(2)`, replacing `destination` if it is a file (or an empty folder).
    public static func rename(_ source: String, _ destination: String) throws(FileSystemError) {
        try retrying("rename", "\(source) → \(destination)") { Glibc.rename(source, destination) }
    }

    /// Renames `source` to `destination` only if nothing is there, atomically
    /// (`renameat2(RENAME_NOREPLACE)`); false when something is.
    ///
    /// - Throws: `FileSystemError` with `Code.invalidArgument` when the file system cannot
    ///   rename without replacing (some network file systems), and for any other failure.
    public static func renameNoReplace(_ source: String, _ destination: String) throws(FileSystemError) -> Bool {
        do {
            try renameAt2(source, destination, flags: cplatform_rename_noreplace, name: "renameat2(RENAME_NOREPLACE)")
            return true
        } catch where error.code == EEXIST || error.code == ENOTEMPTY {
            return false
        }
    }

    /// Swaps `first` and `second` atomically (`renameat2(RENAME_EXCHANGE)`); both must exist.
    public static func exchange(_ first: String, _ second: String) throws(FileSystemError) {
        try renameAt2(first, second, flags: cplatform_rename_exchange, name: "renameat2(RENAME_EXCHANGE)")
    }

    /// Renames a folder into place unless a non-empty folder is already there; false when
    /// one is (someone else got there first). An empty folder in the way is replaced.
    public static func renameDirectoryIfAbsent(_ source: String, _ destination: String) throws(FileSystemError) -> Bool {
        do {
            try rename(source, destination)
            return true
        } catch where error.code == ENOTEMPTY || error.code == EEXIST {
            return false
        }
    }

    private static func renameAt2(
        _ source: String, _ destination: String, flags: UInt32, name: String
    ) throws(FileSystemError) {
        try retrying(name, "\(source) → \(destination)") {
            cplatform_renameat2(AT_FDCWD, source, AT_FDCWD, destination, flags)
        }
    }
}
