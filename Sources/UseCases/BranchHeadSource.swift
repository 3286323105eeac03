import Foundation
import BuildConfiguration
import Git
import Taxonomy

/// Where the on-merge trigger reads the taxonomy branch's head commit. The integrator
/// wires it to the taxonomy mirror (`MirroredBranchHead`); anything that can say which
/// commit a branch is at will do.
public protocol BranchHeadSource: Sendable {
    /// The branch's head commit id now.
    func head() async throws -> String
}

/// The head of `branch` in a bare mirror of the taxonomy, after synchronising the mirror
/// with its remote.
///
/// `RemoteMirror` must not be synchronised by two processes at once, and builds started
/// by the scheduler synchronise the same mirror: whoever wires this in serialises the two.
/// A failed read is logged by the scheduler and retried at the next poll.
/// The taxonomy branch's head, read by fetching into the project's mirror under the same
/// lock builds take, so a poll and a build never fetch into the mirror at once.
public struct MirroredBranchHead: BranchHeadSource {
    public let sync: TaxonomySync

    public init(sync: TaxonomySync) {
        self.sync = sync
    }

    /// The branch head of the project's taxonomy, fetched with its credentials.
    /// - Throws: `TaxonomyConfigurationError` as `ProjectTaxonomy` does.
    public init(project: Project, config: BuildConfig) throws(TaxonomyConfigurationError) {
        self.init(sync: try ProjectTaxonomy(project: project, config: config).sync)
    }

    public func head() async throws -> String {
        try await sync.synchronize().head.hex
    }
}
