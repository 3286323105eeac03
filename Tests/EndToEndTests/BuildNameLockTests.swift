import Foundation
import TestSupport
import Testing

/// One build of a given name at a time (issue 13, item 8): a second `build nightly`, or a
/// second `release --bump patch`, started while the first runs, refuses at once, naming
/// the holder (pid, run, since when), and the first publishes the only version.
@Suite struct BuildNameLockTests {
    static let config = """
        version: 1
        model: {name: lab-model}
        executor: {workers: 1}
        stages:
          a: {run: [sh, "{stage}", a, gate]}
        builds:
          nightly: {}
          release: {version: semver, sign: false}
        """

    @Test func aSecondNightlyStartedWhileTheFirstRunsRefusesAndOneVersionIsPublished() async throws {
        try await withBuildProject { project in
            try project.writeConfig(Self.config)
            try await expectOneAtATime(project, ["build", "nightly"], build: "nightly")
            let versions = try publishedVersions(project)
            #expect(versions.count == 1 && versions[0].hasPrefix("nightly-"), "\(versions)")
        }
    }

    @Test func aSecondReleaseBumpStartedWhileTheFirstRunsRefusesAndOneVersionIsPublished() async throws {
        try await withBuildProject { project in
            try project.writeConfig(Self.config)
            try Data().write(to: project.directory.appendingPathComponent("gate"))
            let first = try await runModelbuild(["release", "1.1.0"], in: project.directory)
            #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")
            try FileManager.default.removeItem(at: project.directory.appendingPathComponent("gate"))
            // A new cache key, so the next release runs its stage (and waits at the gate).
            try project.writeConfig(Self.config.replacingOccurrences(of: "a, gate]", with: "a, gate, again]"))
            try await expectOneAtATime(project, ["release", "--bump", "patch"], build: "release")
            #expect(try publishedVersions(project) == ["1.1.0", "1.1.1"])
        }
    }

    /// Starts `arguments` and, while its stage waits at the gate, the same command again;
    /// the second must end at once with the holder named, before the gate opens.
    private func expectOneAtATime(_ project: BuildProject, _ arguments: [String], build: String) async throws {
        let earlierRuns = Set(try project.runIDs())
        let runsBefore = earlierRuns.count
        let gate = project.directory.appendingPathComponent("gate")
        let first = try await runModelbuild(arguments, in: project.directory) { process in
            _ = try await project.waitForJournal(limit: .seconds(180)) { !earlierRuns.contains($0.runID) && !$0.lines("job.started").isEmpty }
            let runID = try #require(try project.runIDs().last)
            // Today's code would run a second copy that also waits at the gate: open the gate
            // once the second ended or began a run of its own, so the test ends either way.
            let done = project.directory.appendingPathComponent("second.done")
            let second = Task {
                defer { try? Data().write(to: done) }
                return try await runModelbuild(arguments, in: project.directory)
            }
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(180)
            while clock.now < deadline, !FileManager.default.fileExists(atPath: done.path),
                try project.runIDs().count <= runsBefore + 1
            {
                try await Task.sleep(for: .milliseconds(50))
            }
            try Data().write(to: gate)
            let refused = try await second.value
            #expect(refused.status == 1, "\(refused.standardOutput)\(refused.standardError)")
            #expect(refused.standardError.contains("build \(build) is already running (pid \(process.pid)"))
            #expect(refused.standardError.contains("run \(runID)"))
            #expect(refused.standardError.contains("since 20"))
            #expect(try project.runIDs().count == runsBefore + 1, "the second build started a run")
        }
        #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")
    }

    private func publishedVersions(_ project: BuildProject) throws -> [String] {
        try FileManager.default.contentsOfDirectory(
            atPath: project.directory.appendingPathComponent("artifacts/lab-model/builds").path
        ).filter { !$0.hasPrefix(".") }.sorted()
    }
}
