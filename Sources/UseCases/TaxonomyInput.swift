import Foundation
import StageProtocol

/// What a build reads from the taxonomy, as the planner needs it: the commit, the
/// read-only snapshot stages see, and content ids that make cache keys.
public struct TaxonomyInput: Sendable, Hashable {
    /// The taxonomy commit built.
    public var commit: String
    /// The read-only tree of the configured folders at `commit`.
    public var snapshotPath: String
    /// Each configured folder → its git tree id (absent folders are left out).
    public var folderTrees: [String: String]
    /// Each leaf path → a digest of everything that leaf is (qna.yaml blob, attribution,
    /// knowledge documents).
    public var leaves: [String: String]
    /// Leaves added or modified since the previous build, sorted.
    public var changedLeaves: [String]
    /// Leaves removed since the previous build, with their last published measures.
    public var removedLeaves: [StageContext.RemovedLeaf] = []

    public init(
        commit: String, snapshotPath: String, folderTrees: [String: String], leaves: [String: String],
        changedLeaves: [String]
    ) {
        self.commit = commit
        self.snapshotPath = snapshotPath
        self.folderTrees = folderTrees
        self.leaves = leaves
        self.changedLeaves = changedLeaves
    }
}

/// The model a build starts from, as stages see it.
public struct BaseModelInput: Sendable, Hashable {
    public var name: String
    /// A local folder holding its files, when there is one.
    public var path: String?
    /// What identifies its content; part of the cache keys of stages that read it
    /// (`sha256:<hex>` of its files, or `none`).
    public var digest: String
    /// The store entry holding it, when it is a model a build trained.
    public var storeKey: String?

    public init(name: String, path: String?, digest: String, storeKey: String? = nil) {
        self.name = name
        self.path = path
        self.digest = digest
        self.storeKey = storeKey
    }
}
