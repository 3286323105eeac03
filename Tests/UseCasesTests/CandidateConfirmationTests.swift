import Artifacts
import Testing
@testable import UseCases

/// Which candidates a nightly confirms: a pull request it merged whose leaves' stage keys
/// are the candidate's, never one whose leaves changed since, one merged earlier, or an
/// invalid or conflicting one.
@Suite struct CandidateConfirmationTests {
    private let haiku = "generate[compositional_skills/writing/haiku]"

    private func candidate(
        _ id: String, number: Int, head: String, verdict: CandidateVerdict = .improves, stages: [String: String]?
    ) -> CandidateManifest {
        CandidateManifest(
            id: id, model: "lab-model", created: "2026-12-07T10:00:00Z",
            base: .init(build: "nightly", version: "nightly-2026-12-07", taxonomyCommit: "a0"), candidateCommit: "c0",
            pullRequests: [.init(number: number, head: head, verdict: verdict, leafStages: stages)], files: [:])
    }

    @Test func aMergedPullRequestWithTheSameLeafKeysIsConfirmed() {
        let confirmed = CandidateConfirmation.confirmed(
            candidates: [candidate("pr-42-9bce9f04", number: 42, head: "9bce", stages: [haiku: "k1"])],
            keys: [haiku: "k1", "train": "t2"], isNewlyMerged: { $0 == "9bce" })
        #expect(confirmed == [.init(candidate: "pr-42-9bce9f04", pullRequest: 42, head: "9bce", verdict: "improves")])
    }

    @Test(arguments: [
        ("another leaf content", ["generate[compositional_skills/writing/haiku]": "k2"], true, CandidateVerdict.improves),
        ("not merged by this build", ["generate[compositional_skills/writing/haiku]": "k1"], false, .improves),
        ("invalid", ["generate[compositional_skills/writing/haiku]": "k1"], true, .invalid),
        ("conflict", ["generate[compositional_skills/writing/haiku]": "k1"], true, .conflict),
    ])
    func othersAreNot(_ why: String, keys: [String: String], merged: Bool, verdict: CandidateVerdict) {
        let confirmed = CandidateConfirmation.confirmed(
            candidates: [candidate("pr-42-9bce9f04", number: 42, head: "9bce", verdict: verdict, stages: [haiku: "k1"])],
            keys: keys, isNewlyMerged: { _ in merged })
        #expect(confirmed.isEmpty, "\(why)")
    }

    @Test func aCandidateWithoutRecordedStagesConfirmsNothing() {
        for stages in [nil, [:]] as [[String: String]?] {
            let confirmed = CandidateConfirmation.confirmed(
                candidates: [candidate("pr-7-00000000", number: 7, head: "00", stages: stages)], keys: [haiku: "k1"],
                isNewlyMerged: { _ in true })
            #expect(confirmed.isEmpty)
        }
    }
}
