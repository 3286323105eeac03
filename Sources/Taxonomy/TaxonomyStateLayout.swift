import Foundation

/// Where the taxonomy's state lives inside modelbuild's state folder (`.modelbuild/`).
///
/// ```
/// .modelbuild/
///   taxonomy.git/            bare mirror of the taxonomy remote
///   taxonomy.lock            held while the mirror is fetched
///   taxonomy-sync.json       the head seen by the last synchronisation
///   snapshots/<commit>-v2/   read-only trees of the taxonomy folders for stages
///   documents/<sha256 of url>.git   bare mirrors of knowledge document repositories
/// ```
public struct TaxonomyStateLayout: Sendable, Hashable {
    /// The state folder itself.
    public let root: URL

    /// Describes the layout under `root`; nothing is created.
    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    /// The bare mirror of the taxonomy remote.
    public var mirror: URL { root.appendingPathComponent("taxonomy.git", isDirectory: true) }
    /// The lock file serialising fetches into the mirror.
    public var mirrorLock: URL { root.appendingPathComponent("taxonomy.lock") }
    /// The record of the last synchronisation.
    public var syncRecord: URL { root.appendingPathComponent("taxonomy-sync.json") }
    /// The folder of materialised snapshots.
    public var snapshots: URL { root.appendingPathComponent("snapshots", isDirectory: true) }
    /// The folder of knowledge document mirrors.
    public var documents: URL { root.appendingPathComponent("documents", isDirectory: true) }
    /// Validation verdicts of leaves by content, for `on_invalid: skip`.
    public var leafVerdicts: URL { root.appendingPathComponent("leaf-verdicts.json") }
}
