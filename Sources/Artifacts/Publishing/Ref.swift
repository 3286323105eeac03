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
