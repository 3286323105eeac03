import BuildConfiguration
import Foundation
import Git
import Taxonomy

/// Where the on-pull-request trigger reads the pull requests' heads. The integrator wires
/// it to the taxonomy mirror (`MirroredPullRequestHeads`).
public protocol PullRequestHeadSource: Sendable {
    /// Every open pull request's head commit id, by number.
    func heads() async throws -> [Int: String]
}

/// The pull requests' heads as `taxonomy.pull_requests` names them on the remote, fetched
/// into the project's mirror with libgit2 under the mirror's lock (so a look and a build
/// never fetch into it at once).
public struct MirroredPullRequestHeads: PullRequestHeadSource {
    public let sync: TaxonomySync
    public let refs: PullRequestRefs

    public init(sync: TaxonomySync, refs: PullRequestRefs) {
        self.sync = sync
        self.refs = refs
    }

    /// The pull requests of the project's taxonomy, fetched with its credentials.
    /// - Throws: `TaxonomyConfigurationError` as `ProjectTaxonomy` does.
    public init(project: Project, config: BuildConfig) throws(TaxonomyConfigurationError) {
        let taxonomy = try ProjectTaxonomy(project: project, config: config)
        self.init(sync: taxonomy.sync, refs: PullRequestRefs(pattern: taxonomy.spec.pullRequests))
    }

    public func heads() async throws -> [Int: String] {
        // The first synchronisation makes the mirror; a project whose only scheduled build
        // tries pull requests may not have one yet.
        if (try? sync.openMirror()) == nil { _ = try await sync.synchronize() }
        return try await sync.fetchPullRequests(refs).mapValues(\.hex)
    }
}
