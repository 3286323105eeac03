import Artifacts
import Foundation
import Git
import Platform

/// The published candidates of a model: listed (`modelbuild candidates`), shown on
/// `candidates/index.html`, and collected by `gc`.
public struct CandidateCatalog: Sendable {
    public let layout: ArtifactLayout

    public init(layout: ArtifactLayout) {
        self.layout = layout
    }

    /// Every published candidate's manifest, newest first.
    public func manifests() throws -> [CandidateManifest] {
        guard FileSystem.exists(layout.candidates) else { return [] }
        var manifests: [CandidateManifest] = []
        for name in try FileSystem.sortedEntries(layout.candidates) where !name.hasPrefix(".") {
            let path = layout.candidate(name) + "/manifest.json"
            guard FileSystem.exists(path) else { continue }
            do {
                manifests.append(try JSONDecoder().decode(CandidateManifest.self, from: Data(FileSystem.readFile(path))))
            } catch {
                throw RequestError(.failed, "\(path): not a candidate manifest (\(error)); remove the folder or publish the candidate again")
            }
        }
        return manifests.sorted { ($0.created, $0.id) > ($1.created, $1.id) }
    }

    /// Rewrites `candidates/index.html` from the manifests.
    func writePage(model: String) throws {
        let rows = try manifests().map {
            CandidatesPage.Row(
                id: $0.id, created: $0.created, baseVersion: $0.base.version,
                verdicts: $0.pullRequests.map { "#\($0.number) \($0.verdict.rawValue)" })
        }
        try FileSystem.makeDirectories(layout.candidates)
        try AtomicFile.write(CandidatesPage.html(model: model, rows: rows), to: layout.candidatesPage)
    }

    /// One candidate `gc` kept or removed, and why.
    public struct Decision: Sendable, Hashable {
        public var id: String
        public var keep: Bool
        public var reason: String
    }

    /// Keeps the newest candidate of each pull request whose ref is still open and not
    /// merged into `branchHead`; removes the others (unless `dryRun`). `heads` are the
    /// pull-request heads the mirror holds, by number; `isMerged` says whether a commit
    /// is in the branch's history.
    public func collect(
        heads: [Int: String], isMerged: (String) -> Bool, model: String, dryRun: Bool
    ) throws -> [Decision] {
        var decisions: [Decision] = []
        var newest: Set<Int> = []
        for manifest in try manifests() {
            var reason: String?
            for pullRequest in manifest.pullRequests {
                if heads[pullRequest.number] == nil {
                    reason = "pull request #\(pullRequest.number)'s ref is gone (closed or deleted)"
                } else if isMerged(pullRequest.head) {
                    reason = "pull request #\(pullRequest.number) is merged"
                }
            }
            let numbers = manifest.pullRequests.map(\.number)
            if reason == nil, numbers.allSatisfy(newest.contains) {
                reason = "a newer candidate of \(numbers.map { "#\($0)" }.joined(separator: ", ")) exists"
            }
            newest.formUnion(numbers)
            decisions.append(Decision(id: manifest.id, keep: reason == nil, reason: reason ?? "the newest of its pull requests"))
        }
        guard !dryRun, decisions.contains(where: { !$0.keep }) else { return decisions }
        for decision in decisions where !decision.keep {
            try FileSystem.removeTree(layout.candidate(decision.id))
        }
        try writePage(model: model)
        return decisions
    }
}
