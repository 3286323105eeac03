import Testing
@testable import BuildConfiguration

/// `executor.user`: the account local stages run as.
@Suite struct ExecutorUserConfigTests {
    @Test func theAccountIsRead() throws {
        let loaded = try BuildConfigLoader(defaultWorkers: 2).load(
            Array(config(replacing: "  workers: 2\n", with: "  workers: 2\n  user: modelbuild-stage\n").utf8),
            file: "builds.yaml")
        #expect(loaded.executor.user == "modelbuild-stage")
    }

    @Test func itIsRefusedOnSlurmAndWhenEmpty() {
        #expect(
            messages(config(replacing: "  kind: local\n", with: "  kind: slurm\n  user: nobody\n")) == [
                "builds.yaml:9:9: error: executor.user: executor.user applies to the local executor; "
                    + "Slurm runs a job as the user who submits it"
            ])
        #expect(messages(config(replacing: "  workers: 2\n", with: "  workers: 2\n  user: \"\"\n")).count == 1)
    }
}
