extension Manifest {
    /// A pull request's candidate a version confirms: the pull request was tried as a
    /// candidate, then merged with the same leaf content (the candidate's stage keys for
    /// its leaves equal the version's), so the version is what its report measured.
    public struct ConfirmedCandidate: Sendable, Hashable, Codable {
        /// The candidate's id, its folder under `candidates/` (`pr-42-9bce9f04`).
        public var candidate: String
        public var pullRequest: Int
        /// The head the candidate was built of, merged into the version's taxonomy commit.
        public var head: String
        /// The candidate's verdict on the pull request (`improves`, `no-gain`, …).
        public var verdict: String

        public init(candidate: String, pullRequest: Int, head: String, verdict: String) {
            self.candidate = candidate
            self.pullRequest = pullRequest
            self.head = head
            self.verdict = verdict
        }
    }
}
