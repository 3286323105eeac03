import Foundation
import TestSupport

import Glibc

/// `withTemporaryDirectory`, but first makes every folder under it writable again: the
/// store's trees are read-only (`0o555`), which only root could remove as they are.
public func withStateFolder<T>(_ body: (URL) async throws -> T) async throws -> T {
    try await withTemporaryDirectory { root in
        defer {
            let folders = FileManager.default.enumerator(atPath: root.path)
            while let relative = folders?.nextObject() as? String {
                let path = root.path + "/" + relative
                var info = stat()
                if lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR { chmod(path, 0o755) }
            }
        }
        return try await body(root)
    }
}
