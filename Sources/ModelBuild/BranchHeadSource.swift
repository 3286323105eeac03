import Foundation
import Git

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
public struct MirroredBranchHead: BranchHeadSource {
    public let mirror: RemoteMirror
    public let branch: String

    public init(mirror: RemoteMirror, branch: String) {
        self.mirror = mirror
        self.branch = branch
    }

    /// The mirror of `project`'s taxonomy (`.modelbuild/taxonomy.git`).
    public init(project: Project, url: String, branch: String) {
        let remote = url.contains("://") || url.hasPrefix("/") ? url : project.root.appendingPathComponent(url).path
        self.init(
            mirror: RemoteMirror(
                remoteURL: remote, directory: project.stateDirectory.appendingPathComponent("taxonomy.git")),
            branch: branch)
    }

    /// Fetches into the mirror, then reads the branch.
    public func head() async throws -> String {
        _ = try await mirror.synchronize()
        return try mirror.open().branchHead(branch).hex
    }
}
