import Testing
@testable import BuildConfiguration

/// Every class of configuration error, with the exact located message a person sees.
@Suite struct ConfigErrorTests {
    @Test func unknownKeyWithSuggestion() {
        #expect(
            messages(config(replacing: "    needs: [generate]", with: "    neds: [generate]")) == [
                #"builds.yaml:19:5: error: stages.train: unknown key "neds" (did you mean "needs"?)"#
            ])
        #expect(
            messages(config(replacing: "version: 1", with: "version: 1\nexecuter: {}")) == [
                #"builds.yaml:2:1: error: unknown key "executer" (did you mean "executor"?)"#
            ])
    }

    @Test func wrongTypes() {
        #expect(
            messages(config(replacing: "workers: 2", with: "workers: two")) == [
                "builds.yaml:9:12: error: executor.workers: expected an integer, found a string"
            ])
        #expect(
            messages(config(replacing: "retry: {attempts: 3, backoff: 30s}", with: "retry: {attempts: [3], backoff: 30s}"))
                == ["builds.yaml:22:23: error: stages.train.retry.attempts: expected an integer, found a list"])
        #expect(
            messages(config(replacing: "  nightly:\n", with: "  nightly:\n    sign: maybe\n")) == [
                "builds.yaml:26:11: error: builds.nightly.sign: expected true or false, found a string"
            ])
    }

    @Test func missingRequiredKeys() {
        #expect(
            messages(config(replacing: "  name: lab-model\n", with: "")) == [
                #"builds.yaml:3:3: error: model: missing required key "name""#
            ])
        #expect(
            messages(config(replacing: "  validate: {uses: builtin/validate}", with: "  validate: {needs: []}")) == [
                #"builds.yaml:12:13: error: stages.validate: missing required key "uses" (or "run" for a plain command)"#
            ])
        #expect(messages("version: 1\n") == [
            #"builds.yaml:1:1: error: missing required key "model""#,
            #"builds.yaml:1:1: error: missing required key "stages""#,
            #"builds.yaml:1:1: error: missing required key "builds""#,
        ])
    }

    @Test func badNames() {
        #expect(
            messages(config(replacing: "name: lab-model", with: "name: Lab Model")) == [
                #"builds.yaml:3:9: error: model.name: "Lab Model" is not a valid name (expected [a-z0-9][a-z0-9._-]*)"#
            ])
        #expect(
            messages(config(replacing: "  evaluate: {", with: "  Evaluate: {")) == [
                #"builds.yaml:23:3: error: stages: "Evaluate" is not a valid stage name (expected [a-z][a-z0-9_-]*)"#,
                #"builds.yaml:31:22: error: builds.release.gates[0].metric: unknown stage "evaluate" in metric "evaluate.f1" (did you mean "Evaluate"?)"#,
                #"builds.yaml:31:62: error: builds.release.gates[1].no_regression: unknown stage "evaluate" in metric "evaluate.f1" (did you mean "Evaluate"?)"#,
            ])
    }

    @Test func unsupportedVersion() {
        #expect(
            messages(config(replacing: "version: 1", with: "version: 2")) == [
                "builds.yaml:1:10: error: version: unsupported version 2; this modelbuild reads version 1"
            ])
    }

    @Test(arguments: ["30s", "6h", "1h30m", "500ms", "2d", "1d12h"])
    func durationsThatParse(text: String) throws {
        let loaded = try load(config(replacing: "timeout: 6h", with: "timeout: \(text)"))
        #expect(loaded.stage(named: "train")?.timeout == DurationText.parse(text))
        #expect(DurationText.format(try #require(DurationText.parse(text))) == text)
    }

    @Test(arguments: ["6", "6 h", "h", "30m1h", "1.5h", "-1s", "1h1h"])
    func durationsThatDoNot(text: String) {
        #expect(
            messages(config(replacing: "timeout: 6h", with: "timeout: \"\(text)\"")) == [
                #"builds.yaml:21:14: error: stages.train.timeout: "\#(text)" is not a duration (write it like 30s, 6h, 1h30m or 500ms)"#
            ])
    }

    @Test func invalidCron() {
        #expect(
            messages(config(replacing: #"schedule: "0 2 * * *""#, with: #"schedule: "0 25 * * *""#)) == [
                #"builds.yaml:26:15: error: builds.nightly.schedule: invalid cron expression "0 25 * * *": hour field "25": 25 is outside 0-23"#
            ])
        #expect(
            messages(config(replacing: #"schedule: "0 2 * * *""#, with: #"schedule: "0 2 * *""#)) == [
                #"builds.yaml:26:15: error: builds.nightly.schedule: invalid cron expression "0 2 * *": expected 5 fields (minute hour day-of-month month day-of-week), found 4"#
            ])
    }

    @Test func unknownNeedsWithSuggestion() {
        #expect(
            messages(config(replacing: "needs: [generate]", with: "needs: [genrate]")) == [
                #"builds.yaml:19:13: error: stages.train.needs: unknown stage "genrate" (did you mean "generate"?)"#
            ])
    }

    @Test func cyclesArePrinted() {
        #expect(
            messages(config(replacing: "    needs: [validate]", with: "    needs: [validate, train]")) == [
                "builds.yaml:15:12: error: stages.generate.needs: dependency cycle: generate → train → generate"
            ])
        #expect(
            messages(config(replacing: "needs: [generate]", with: "needs: [generate, train]")) == [
                #"builds.yaml:19:23: error: stages.train.needs: stage "train" cannot need itself"#
            ])
    }

    @Test func resourcesBeyondCapacity() {
        #expect(
            messages(config(replacing: "resources: {gpu: 1}", with: "resources: {gpu: 2}")) == [
                "builds.yaml:20:22: error: stages.train.resources.gpu: asks for 2 gpu but executor.capacity.gpu is 1; it could never run"
            ])
        #expect(
            messages(config(replacing: "resources: {gpu: 1}", with: "resources: {gpus: 1}")) == [
                #"builds.yaml:20:23: error: stages.train.resources.gpus: asks for gpus, which executor.capacity does not declare (did you mean "gpu"?); it could never run"#
            ])
    }

    @Test func unknownUses() {
        #expect(
            messages(config(replacing: "uses: builtin/train", with: "uses: builtin/trian")) == [
                #"builds.yaml:18:11: error: stages.train.uses: unknown built-in stage "builtin/trian" (did you mean "builtin/train"?) (built-ins: builtin/validate, builtin/generate, builtin/train, builtin/evaluate)"#
            ])
        #expect(
            messages(config(replacing: "uses: builtin/train", with: "uses: safety-scn"), plugins: ["safety-scan"]) == [
                #"builds.yaml:18:11: error: stages.train.uses: unknown stage kind "safety-scn": no built-in of that name and no plugins/safety-scn/plugin.yaml (did you mean "safety-scan"?)"#
            ])
    }

    @Test func buildsAndGates() {
        #expect(
            messages(config(replacing: "version: nightly-{date}", with: "version: nightly-{day}")) == [
                "builds.yaml:27:14: error: builds.nightly.version: unknown placeholder {day} in version template (known: {date}); or write \"semver\""
            ])
        #expect(
            messages(config(replacing: "metric: evaluate.f1, min", with: "metric: evalute.f1, min")) == [
                #"builds.yaml:31:22: error: builds.release.gates[0].metric: unknown stage "evalute" in metric "evalute.f1" (did you mean "evaluate"?)"#
            ])
        #expect(
            messages(config(replacing: "  nightly:\n", with: "  nightly:\n    timezone: Europe/Pariss\n")) == [
                #"builds.yaml:26:15: error: builds.nightly.timezone: unknown time zone "Europe/Pariss" (an IANA name such as Europe/Paris) (did you mean "Europe/Paris"?)"#
            ])
    }

    @Test func onlyMustNameABuild() {
        #expect(
            messages(config(replacing: "uses: builtin/evaluate,", with: "uses: builtin/evaluate, only: [nigthly],")) == [
                #"builds.yaml:23:45: error: stages.evaluate.only: unknown build "nigthly" (did you mean "nightly"?) (builds and kinds: nightly, release)"#
            ])
    }

    @Test func allErrorsAtOnceInFileOrder() {
        let text = config(replacing: "workers: 2", with: "workers: 0")
            .replacingOccurrences(of: "needs: [generate]", with: "needs: [genrate]")
            .replacingOccurrences(of: "timeout: 6h", with: "timeout: soon")
        #expect(
            messages(text) == [
                "builds.yaml:9:12: error: executor.workers: 0 is out of range 1…4096",
                #"builds.yaml:19:13: error: stages.train.needs: unknown stage "genrate" (did you mean "generate"?)"#,
                #"builds.yaml:21:14: error: stages.train.timeout: "soon" is not a duration (write it like 30s, 6h, 1h30m or 500ms)"#,
            ])
    }

    @Test func yamlErrorsAreLocatedToo() {
        #expect(
            messages(config(replacing: "  nightly:\n", with: "  nightly:\n    keep: 1\n    keep: 2\n")) == [
                #"builds.yaml:27:5: error: duplicate key "keep" (first defined at line 26, column 5)"#
            ])
        #expect(messages("") == [
            "builds.yaml:1:1: error: the file is empty; expected a mapping with version, model, stages and builds"
        ])
    }
}
