import Artifacts
import BuildConfiguration
import Foundation
import Git

/// Which published candidates a build confirms: each pull request tried as a candidate
/// whose head the build merged (it is in the build's taxonomy commit and was not in the
/// previous one) with the same leaf content: every per-leaf stage instance of its leaves
/// has, in the build's plan, the cache key it had in the candidate's.
enum CandidateConfirmation {
    /// The confirmed candidates among `candidates`, by pull request then candidate, for a
    /// build that planned `keys` (job id → cache key). `isNewlyMerged` says whether a pull
    /// request's head is merged by this build.
    static func confirmed(
        candidates: [CandidateManifest], keys: [String: String], isNewlyMerged: (String) -> Bool
    ) -> [Manifest.ConfirmedCandidate] {
        var confirmed: [Manifest.ConfirmedCandidate] = []
        for candidate in candidates {
            for pullRequest in candidate.pullRequests where ![.invalid, .conflict].contains(pullRequest.verdict) {
                guard let stages = pullRequest.leafStages, !stages.isEmpty,
                    stages.allSatisfy({ keys[$0.key] == $0.value }), isNewlyMerged(pullRequest.head)
                else { continue }
                confirmed.append(
                    .init(
                        candidate: candidate.id, pullRequest: pullRequest.number, head: pullRequest.head,
                        verdict: pullRequest.verdict.rawValue))
            }
        }
        return confirmed.sorted { ($0.pullRequest, $0.candidate) < ($1.pullRequest, $1.candidate) }
    }
}

extension BuildSession {
    /// The published candidates the build of `taxonomy` with `planned` jobs confirms; nil
    /// when none (or without a taxonomy). A candidate folder that cannot be read confirms
    /// nothing; it never fails the build.
    func confirmedCandidates(
        _ planned: [PlannedJob], taxonomy: BuildTaxonomy.Prepared?, config: BuildConfig
    ) throws -> [Manifest.ConfirmedCandidate]? {
        guard let taxonomy, config.taxonomy != nil,
            let candidates = try? CandidateCatalog(layout: artifactLayout(config)).manifests(), !candidates.isEmpty
        else { return nil }
        let repository = try ProjectTaxonomy(project: project, config: config).sync.openMirror()
        let previous = taxonomy.previous.flatMap { ObjectID(hex: $0) }
        let isAncestor = { (commit: ObjectID, of: ObjectID) in (try? repository.mergeBase(commit, of)) == commit }
        let keys = Dictionary(planned.map { ($0.job.id, $0.job.cacheKey) }, uniquingKeysWith: { first, _ in first })
        let confirmed = CandidateConfirmation.confirmed(candidates: candidates, keys: keys) { head in
            guard let id = ObjectID(hex: head) else { return false }
            return isAncestor(id, taxonomy.head) && !(previous.map { isAncestor(id, $0) } ?? false)
        }
        return confirmed.isEmpty ? nil : confirmed
    }
}
