import Foundation
import Platform
import Store
import TestSupport

/// What `lstat` says about a path (for inode, link count and mode checks).
func fileStatus(_ path: String) throws -> FileStatus {
    guard let status = try FileSystem.status(path) else {
        throw FileSystemError(operation: "lstat", path: path, code: FileSystemError.Code.notFound)
    }
    return status
}

/// Writes `text` to `path`, creating its folder.
func write(_ text: String, to path: String) throws {
    try FileSystem.makeDirectories(FileSystem.splitLastComponent(path).directory)
    try FileSystem.writeFile(Array(text.utf8), to: path)
}

/// SHA-256 of `"hello\n"`.
let helloSHA256 = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"
let origin = StoreEntry.Origin(job: "train", runID: "20261127T091500Z-abcdef", attempt: 1)
