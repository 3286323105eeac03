import Foundation
import TestSupport
import Testing

extension IncrementalBuildTests {
    /// `build --only`/`--until` run a target and what it needs, as `ninja target` does, and
    /// never publish; `--force 'stage[instance]'` reruns one instance of a foreach stage.
    /// Nested, so it runs after, never beside, the other sample nightlies of issue 14.
    @Suite struct PartialBuildTests {
        @Test func untilGenerateRunsOnlyItsClosureAndPublishesNothing() async throws {
            try await withTemporaryDirectory { directory in
                let project = try await offThePool { try NightlyBuildTests.makeProject(in: directory) }
                let partial = try await runModelbuild(["build", "nightly", "--until", "generate"], in: project)
                #expect(partial.status == 0, "\(partial.standardOutput)\(partial.standardError)")
                let ran = NightlyBuildTests.jobs(try NightlyBuildTests.latestJournal(project), event: "job.succeeded")
                #expect(ran.contains("validate"))
                #expect(!ran.isEmpty && ran.allSatisfy { $0 == "validate" || $0.hasPrefix("generate[") }, "\(ran)")
                #expect(partial.standardOutput.contains("nothing published"), "\(partial.standardOutput)")
                #expect(try await IncrementalBuildTests.publishedVersions(project).isEmpty)

                // The whole build afterwards reuses what the partial one made, and publishes.
                let whole = try await runModelbuild(["build", "nightly"], in: project)
                #expect(whole.status == 0, "\(whole.standardOutput)\(whole.standardError)")
                let journal = try NightlyBuildTests.latestJournal(project)
                let safety = Set(ran.filter { $0.hasPrefix("generate[") }.map { "safety" + $0.dropFirst("generate".count) })
                #expect(NightlyBuildTests.jobs(journal, event: "job.succeeded") == safety.union(["train", "evaluate"]))
                #expect(NightlyBuildTests.jobs(journal, event: "job.reused") == ran)
                #expect(try await IncrementalBuildTests.publishedVersions(project).count == 1)

                // One instance forced, with --only: it alone reruns.
                let instance = try #require(ran.filter { $0.hasPrefix("generate[") }.sorted().first)
                let forced = try await runModelbuild(["build", "nightly", "--only", "generate", "--force", instance], in: project)
                #expect(forced.status == 0, "\(forced.standardOutput)\(forced.standardError)")
                let forcedJournal = try NightlyBuildTests.latestJournal(project)
                #expect(NightlyBuildTests.jobs(forcedJournal, event: "job.succeeded") == [instance])
                #expect(!NightlyBuildTests.jobs(forcedJournal, event: "job.reused").contains("train"))
                #expect(try await IncrementalBuildTests.publishedVersions(project).count == 1)
            }
        }

        @Test func onlyRefusesAStageTheBuildDoesNotHave() async throws {
            try await withTemporaryDirectory { directory in
                let project = try await offThePool { try NightlyBuildTests.makeProject(in: directory) }
                let result = try await runModelbuild(["build", "nightly", "--only", "genrate"], in: project)
                #expect(result.status == 2, "\(result.standardOutput)\(result.standardError)")
                #expect(result.standardError.contains("unknown stage \"genrate\""))
            }
        }
    }
}
