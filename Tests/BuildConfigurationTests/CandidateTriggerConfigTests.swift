import Testing
@testable import BuildConfiguration

/// A build of kind `candidate` and its `trigger: on_pull_request` (issue 15 item 8):
/// read, defaulted, and refused with located messages.
@Suite struct CandidateTriggerConfigTests {
    /// `validConfig` with `lines` (indented two spaces) appended to `builds:`.
    private func withBuild(_ lines: String) -> String {
        validConfig + "\n" + lines
    }

    @Test func readsACandidateBuild() throws {
        let loaded = try load(
            withBuild(
                """
                  pull-requests:
                    kind: candidate
                    base: release
                    trigger: {on_pull_request: {poll: 2m, quiet: 15m, max_parallel: 3}}
                    notify: {on: [success, failure], webhook: "http://127.0.0.1:9/pr"}
                """))
        let build = try #require(loaded.build(named: "pull-requests"))
        #expect(build.kind == .candidate)
        #expect(build.base == "release")
        #expect(build.pullRequestTrigger == OnPullRequestTrigger(poll: .seconds(120), quiet: .seconds(900), maxParallel: 3))
        #expect(build.trigger == nil)
        #expect(build.notify?.on == [.success, .failure])
    }

    @Test func defaults() throws {
        let loaded = try load(withBuild("  pull-requests: {kind: candidate, trigger: {on_pull_request: }}"))
        let build = try #require(loaded.build(named: "pull-requests"))
        #expect(build.pullRequestTrigger == OnPullRequestTrigger(poll: .seconds(300), quiet: .seconds(600), maxParallel: 2))
        #expect(build.base == nil)
        #expect(try load(validConfig).build(named: "nightly")?.pullRequestTrigger == nil)
    }

    @Test func locatedErrors() {
        #expect(
            messages(withBuild("  pull-requests: {kind: candidate}")) == [
                "builds.yaml:32:25: error: builds.pull-requests.kind: a candidate build needs trigger: {on_pull_request: {quiet: 10m, max_parallel: 2}} (it builds when pull requests move)"
            ])
        #expect(
            messages(withBuild("  pull-requests: {kind: candidate, schedule: \"0 2 * * *\", trigger: {on_pull_request: }}")) == [
                "builds.yaml:32:46: error: builds.pull-requests.schedule: a candidate build runs when pull requests move, not on a schedule; remove schedule: (or write kind: nightly)"
            ])
        #expect(
            messages(withBuild("  pull-requests: {kind: candidate, trigger: {on_merge: }}")) == [
                "builds.yaml:32:45: error: builds.pull-requests.trigger.on_merge: a candidate build is triggered by pull requests: write trigger: {on_pull_request: {quiet: 10m, max_parallel: 2}}"
            ])
        #expect(
            messages(withBuild("  other: {trigger: {on_pull_request: }}")) == [
                "builds.yaml:32:20: error: builds.other.trigger.on_pull_request: only a build of kind: candidate builds pull requests; add kind: candidate (docs/candidates.md)"
            ])
        #expect(
            messages(withBuild("  other: {base: nightly}")) == [
                "builds.yaml:32:17: error: builds.other.base: only a build of kind: candidate has a base (the build its candidates start from)"
            ])
        #expect(
            messages(withBuild("  pull-requests: {kind: candidate, base: nighty, trigger: {on_pull_request: }}")) == [
                #"builds.yaml:32:42: error: builds.pull-requests.base: "nighty" is not a build of this file (did you mean "nightly"?)"#
            ])
        #expect(
            messages(
                withBuild(
                    "  pull-requests: {kind: candidate, trigger: {on_pull_request: }}\n  more: {kind: candidate, base: pull-requests, trigger: {on_pull_request: }}"
                )) == [
                    #"builds.yaml:33:33: error: builds.more.base: "pull-requests" is a candidate build; a base is a nightly or release build"#
                ])
        #expect(
            messages(withBuild("  pull-requests: {kind: candidate, trigger: {on_pull_request: {max_parallel: 0}}}")) == [
                "builds.yaml:32:78: error: builds.pull-requests.trigger.on_pull_request.max_parallel: 0 is out of range 1…64"
            ])
        #expect(
            messages(withBuild("  pull-requests: {kind: candidate, trigger: {on_merge: , on_pull_request: }}")) == [
                "builds.yaml:32:45: error: builds.pull-requests.trigger: takes on_merge or on_pull_request, not both (a candidate build tries pull requests, another build the branch)"
            ])
    }

    @Test func aCandidateBuildWithoutABaseNeedsANightly() {
        let withoutNightly = config(
            replacing: "  nightly:\n    schedule: \"0 2 * * *\"\n    version: nightly-{date}\n    keep: 14\n", with: "")
        #expect(
            messages(withoutNightly + "\n  pull-requests: {kind: candidate, trigger: {on_pull_request: }}") == [
                "builds.yaml:28:18: error: builds.pull-requests: candidates start from the latest version of the build named nightly, else of the only nightly build, and there is none of either here; name one with base: <build>"
            ])
    }

    @Test func onPullRequestNeedsATaxonomy() {
        let withoutTaxonomy = withBuild("  pull-requests: {kind: candidate, trigger: {on_pull_request: }}")
            .replacingOccurrences(of: "taxonomy:\n  url: /srv/taxonomy.git\n", with: "")
        #expect(
            messages(withoutTaxonomy) == [
                "builds.yaml:30:63: error: builds.pull-requests.trigger.on_pull_request: builds the taxonomy's pull requests, but there is no taxonomy: section"
            ])
    }
}
