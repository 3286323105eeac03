import Testing
@testable import BuildConfiguration

/// `taxonomy.pull_requests` and `candidates:` (issue 15): defaults, values, located errors.
@Suite struct CandidateConfigTests {
    @Test func defaultsAreGitHubsRefsAndInstructLabsThresholds() throws {
        let config = try load(validConfig)
        #expect(config.taxonomy?.pullRequests == "refs/pull/*/head")
        #expect(config.candidates == .standard)
        #expect(config.candidates.knownThreshold == 0.8)
        #expect(config.candidates.maxRegression == 0.05)
    }

    @Test func valuesAreRead() throws {
        let config = try load(
            config(replacing: "  url: /srv/taxonomy.git\n", with: "  url: /srv/taxonomy.git\n  pull_requests: refs/merge-requests/*/head\n")
                + "\ncandidates: {known_threshold: 0.9, max_regression: 0.1}\n")
        #expect(config.taxonomy?.pullRequests == "refs/merge-requests/*/head")
        #expect(config.candidates == CandidatePolicy(knownThreshold: 0.9, maxRegression: 0.1))
    }

    @Test func wrongValuesAreLocated() {
        #expect(
            messages(config(replacing: "  url: /srv/taxonomy.git\n", with: "  url: /srv/taxonomy.git\n  pull_requests: pulls\n")) == [
                "builds.yaml:7:18: error: taxonomy.pull_requests: \"pulls\" is not a reference pattern with one * for the number (GitHub: refs/pull/*/head, GitLab: refs/merge-requests/*/head)"
            ])
        #expect(
            messages(validConfig + "\ncandidates: {known_threshold: 1.5}\n") == [
                "builds.yaml:32:31: error: candidates.known_threshold: must be between 0 and 1 (a fraction of F1), found 1.5"
            ])
        #expect(
            messages(validConfig + "\ncandidates: {max_regresion: 0.1}\n") == [
                #"builds.yaml:32:14: error: candidates: unknown key "max_regresion" (did you mean "max_regression"?)"#
            ])
    }
}
