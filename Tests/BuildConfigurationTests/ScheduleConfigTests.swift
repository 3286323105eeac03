import Testing
@testable import BuildConfiguration

/// The builds.yaml keys that say when a build runs by itself: trigger, catchup,
/// concurrency, notify — read, defaulted, and refused with located messages.
@Suite struct ScheduleConfigTests {
    private func nightly(_ lines: String) -> String {
        config(replacing: "    keep: 14\n", with: "    keep: 14\n" + lines)
    }

    @Test func readsEveryKey() throws {
        let loaded = try load(
            nightly(
                """
                    trigger: {on_merge: {poll: 2m, quiet: 15m}}
                    catchup: none
                    concurrency: queue
                    notify:
                      on: [failure, success]
                      command: [scripts/notify, --channel, builds]
                      webhook: https://hooks.example.com/modelbuild
                      timeout: 2m

                """))
        let build = try #require(loaded.build(named: "nightly"))
        #expect(build.trigger == OnMergeTrigger(poll: .seconds(120), quiet: .seconds(900)))
        #expect(build.catchup == .none)
        #expect(build.concurrency == .queue)
        #expect(
            build.notify
                == NotifySpec(
                    on: [.failure, .success], command: ["scripts/notify", "--channel", "builds"],
                    webhook: "https://hooks.example.com/modelbuild", timeout: .seconds(120)))
    }

    @Test func defaults() throws {
        let loaded = try load(nightly("    trigger: {on_merge: {}}\n    notify: {webhook: \"http://127.0.0.1:9/x\"}\n"))
        let build = try #require(loaded.build(named: "nightly"))
        #expect(build.trigger == OnMergeTrigger(poll: .seconds(300), quiet: .seconds(600)))
        #expect(build.catchup == .latest)
        #expect(build.concurrency == .forbid)
        #expect(build.notify?.on == [.failure])
        #expect(build.notify?.timeout == .seconds(30))
        #expect(try load(validConfig).build(named: "release")?.trigger == nil)
    }

    @Test func locatedErrors() {
        #expect(
            messages(nightly("    catchup: all\n")) == [
                #"builds.yaml:29:14: error: builds.nightly.catchup: unknown value "all" (expected one of: latest, none)"#
            ])
        #expect(
            messages(nightly("    concurrency: replac\n")) == [
                #"builds.yaml:29:18: error: builds.nightly.concurrency: unknown value "replac" (expected one of: forbid, queue, replace) (did you mean "replace"?)"#
            ])
        #expect(
            messages(nightly("    trigger: {on_merge: {pol: 5m}}\n")) == [
                #"builds.yaml:29:26: error: builds.nightly.trigger.on_merge: unknown key "pol" (did you mean "poll"?)"#
            ])
        #expect(
            messages(nightly("    trigger: {on_merge: {poll: 0s}}\n")) == [
                "builds.yaml:29:32: error: builds.nightly.trigger.on_merge.poll: must be at least 1s (the branch is read this often)"
            ])
        #expect(
            messages(nightly("    trigger: {on_push: {}}\n")) == [
                "builds.yaml:29:14: error: builds.nightly.trigger: needs on_merge (build when the branch moves) or on_pull_request (build candidates of pull requests)",
                #"builds.yaml:29:15: error: builds.nightly.trigger: unknown key "on_push""#,
            ])
        #expect(
            messages(nightly("    notify: {on: [failure]}\n")) == [
                #"builds.yaml:29:13: error: builds.nightly.notify: needs "command", "webhook" or both"#
            ])
        #expect(
            messages(nightly("    notify: {on: [failed], webhook: \"ftp://example.com\"}\n")) == [
                #"builds.yaml:29:19: error: builds.nightly.notify.on[0]: unknown value "failed" (expected one of: failure, success)"#,
                #"builds.yaml:29:37: error: builds.nightly.notify.webhook: "ftp://example.com" is not an http:// or https:// URL"#,
            ])
        #expect(
            messages(nightly("    notify: {webhook: \"http://127.0.0.1:9/x\", timeout: soon}\n")) == [
                #"builds.yaml:29:56: error: builds.nightly.notify.timeout: "soon" is not a duration (write it like 30s, 6h, 1h30m or 500ms)"#
            ])
        #expect(
            messages(nightly("    notify: {webhook: \"http://127.0.0.1:9/x\", timeout: 0s}\n")) == [
                #"builds.yaml:29:56: error: builds.nightly.notify.timeout: must be at least 1s (a notifier is stopped after it)"#
            ])
    }

    @Test func onMergeNeedsATaxonomy() {
        let withoutTaxonomy = nightly("    trigger: {on_merge: {}}\n")
            .replacingOccurrences(of: "taxonomy:\n  url: /srv/taxonomy.git\n", with: "")
        #expect(
            messages(withoutTaxonomy) == [
                "builds.yaml:27:25: error: builds.nightly.trigger.on_merge: builds when the taxonomy branch advances, but there is no taxonomy: section"
            ])
    }
}
