import Foundation

/// `refs/<name>`: which version a moving name (`latest`, `nightly`, `release`) points at.
public struct Ref: Sendable, Hashable, Codable {
    /// Moved by every publish.
    public static let latest = "latest"
    /// Moved by nightly publishes.
    public static let nightly = "nightly"
    /// Moved by release publishes.
    public static let release = "release"

    public var version: String
    /// `sha256:<hex>` of the version's `manifest.json` bytes.
    public var manifestDigest: String

    public init(version: String, manifestDigest: String) {
        self.version = version
        self.manifestDigest = manifestDigest
    }

    /// The refs a publish of `kind` moves: always `latest`, and the kind's own.
    public static func names(movedBy kind: BuildKind) -> [String] {
        switch kind {
        case .nightly: [latest, nightly]
        case .release: [latest, release]
        default: [latest]
        }
    }
}

/// Writing small files so that readers see the old bytes or the new ones, never a mix.
enum AtomicFile {
    /// Writes `bytes` to a temporary file beside `path`, fsyncs it, renames it over `path`,
    /// and fsyncs the folder.
    static func replace(_ path: String, with bytes: [UInt8], mode: UInt32 = 0o644) throws(ArtifactsError) {
        let folder = parent(of: path)
        try SystemCalls.makeDirectories(folder)
        let temporary = path + ".tmp-" + UUID().uuidString.lowercased()
        try SystemCalls.writeNewFile(temporary, bytes, mode: mode)
        try SystemCalls.rename(temporary, path)
        try SystemCalls.fsync(path: folder, directory: true)
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
