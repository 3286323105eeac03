import Foundation

/// A fresh directory under the system's temporary folder, removed when `body` returns.
public func withTemporaryDirectory<T>(
    _ body: (URL) async throws -> T
) async rethrows -> T {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("modelbuild-test-\(UUID().uuidString)", isDirectory: true)
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try await body(url)
}
