import Testing
@testable import BuildConfiguration

/// `executor.grace` and a stage's `grace`: the time between SIGTERM and SIGKILL when a
/// stage is stopped.
@Suite struct GracePeriodConfigTests {
    @Test func withoutGraceNeitherTheExecutorNorAStageSetsOne() throws {
        let loaded = try load(validConfig)
        #expect(loaded.executor.grace == nil)
        #expect(loaded.stages.allSatisfy { $0.grace == nil })
    }

    @Test(arguments: ["0s", "500ms", "1m", "1m30s"])
    func executorAndStageGracePeriodsRead(text: String) throws {
        let loaded = try load(
            config(replacing: "workers: 2", with: "workers: 2\n  grace: \(text)")
                .replacingOccurrences(of: "timeout: 6h", with: "timeout: 6h\n    grace: \(text)"))
        #expect(loaded.executor.grace == DurationText.parse(text))
        #expect(loaded.stage(named: "train")?.grace == DurationText.parse(text))
        #expect(loaded.stage(named: "evaluate")?.grace == nil)
    }

    @Test func aNegativeGracePeriodIsRefused() {
        #expect(
            messages(config(replacing: "timeout: 6h", with: "timeout: 6h\n    grace: -5s")) == [
                #"builds.yaml:22:12: error: stages.train.grace: "-5s" is negative (write 0s to send SIGKILL right after SIGTERM)"#
            ])
        #expect(
            messages(config(replacing: "workers: 2", with: "workers: 2\n  grace: \"-1m30s\"")) == [
                #"builds.yaml:10:10: error: executor.grace: "-1m30s" is negative (write 0s to send SIGKILL right after SIGTERM)"#
            ])
    }

    @Test(arguments: ["soon", "10", "1.5s", "-", "-soon"])
    func aGracePeriodThatIsNotADurationIsRefused(text: String) {
        #expect(
            messages(config(replacing: "timeout: 6h", with: "timeout: 6h\n    grace: \"\(text)\"")) == [
                #"builds.yaml:22:12: error: stages.train.grace: "\#(text)" is not a duration (write it like 30s, 6h, 1h30m or 500ms)"#
            ])
    }

    @Test func aGracePeriodThatIsNotAScalarIsRefused() {
        #expect(
            messages(config(replacing: "workers: 2", with: "workers: 2\n  grace: [10s]")) == [
                "builds.yaml:10:10: error: executor.grace: expected a string, found a list"
            ])
    }

    @Test func misspelledGraceKeysSuggestIt() {
        #expect(
            messages(config(replacing: "timeout: 6h", with: "timeout: 6h\n    grase: 1m")) == [
                #"builds.yaml:22:5: error: stages.train: unknown key "grase" (did you mean "grace"?)"#
            ])
        #expect(
            messages(config(replacing: "workers: 2", with: "workers: 2\n  gracee: 1m")) == [
                #"builds.yaml:10:3: error: executor: unknown key "gracee" (did you mean "grace"?)"#
            ])
    }

    @Test func aBadGracePeriodIsReportedWithTheOtherErrorsInFileOrder() {
        let text = config(replacing: "workers: 2", with: "workers: 2\n  grace: later")
            .replacingOccurrences(of: "timeout: 6h", with: "timeout: 6h\n    grace: -1s")
            .replacingOccurrences(of: "needs: [generate]", with: "needs: [genrate]")
        #expect(
            messages(text) == [
                #"builds.yaml:10:10: error: executor.grace: "later" is not a duration (write it like 30s, 6h, 1h30m or 500ms)"#,
                #"builds.yaml:20:13: error: stages.train.needs: unknown stage "genrate" (did you mean "generate"?)"#,
                #"builds.yaml:23:12: error: stages.train.grace: "-1s" is negative (write 0s to send SIGKILL right after SIGTERM)"#,
            ])
    }
}
