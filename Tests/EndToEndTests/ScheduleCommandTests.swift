import Foundation
import TestSupport
import Testing

/// `modelbuild schedule` as systemd, cron and a person run it, with its clock set by
/// MODELBUILD_SCHEDULE_NOW.
@Suite struct ScheduleCommandTests {
    private func project(_ directory: URL, stage: String = "echo built") throws {
        let text = """
            version: 1
            model: {name: lab-model}
            stages:
              work: {run: [sh, -c, "\(stage)"]}
            builds:
              nightly: {schedule: "0 2 * * *"}
              paris: {schedule: "30 2 * * *", timezone: Europe/Paris, catchup: none}
              release: {version: semver}
            """
        try text.write(to: directory.appendingPathComponent("builds.yaml"), atomically: true, encoding: .utf8)
    }

    private func now(_ instant: String) -> [String: String] { ["MODELBUILD_SCHEDULE_NOW": instant] }

    @Test func nextPrintsFireTimesInUTCAndInTheBuildsZone() async throws {
        try await withTemporaryDirectory { directory in
            try project(directory)
            let result = try await runModelbuild(
                ["schedule", "--next", "2"], in: directory, environment: now("2026-03-28T12:00:00Z"))
            #expect(result.status == 0, "\(result.standardError)")
            #expect(
                result.standardOutput == """
                    nightly: schedule "0 2 * * *" (UTC)
                      2026-03-29 02:00 UTC
                      2026-03-30 02:00 UTC
                    paris: schedule "30 2 * * *" (Europe/Paris)
                      2026-03-29 01:00 UTC  =  2026-03-29 03:00 +02:00 Europe/Paris
                      2026-03-30 00:30 UTC  =  2026-03-30 02:30 +02:00 Europe/Paris
                    release: not scheduled (modelbuild build release)

                    """)
        }
    }

    @Test func onceRunsWhatIsDueRemembersItAndReportsStatus() async throws {
        try await withTemporaryDirectory { directory in
            try project(directory)
            let first = try await runModelbuild(["schedule", "--once"], in: directory, environment: now("2026-11-27T02:00:10Z"))
            #expect(first.status == 0, "\(first.standardError)")
            // The scheduler's clock starts at MODELBUILD_SCHEDULE_NOW and runs at real speed, so
            // on a loaded machine it fires some seconds later: within the minute, not at :10.
            #expect(first.standardOutput.contains(
                /2026-11-27T02:00:[1-5][0-9]Z nightly: fired: scheduled for 2026-11-27 02:00 UTC\n/))
            #expect(first.standardOutput.contains(" nightly: succeeded (run "))
            let again = try await runModelbuild(["schedule", "--once"], in: directory, environment: now("2026-11-27T02:00:40Z"))
            #expect(again.status == 0)
            #expect(!again.standardOutput.contains("fired"))
            #expect(again.standardOutput.contains("nothing due; next at 2026-11-28 01:30 UTC"))
            let status = try await runModelbuild(["schedule", "--status"], in: directory, environment: now("2026-11-27T03:00:00Z"))
            #expect(status.status == 0)
            let lines = status.standardOutput.split(separator: "\n").map(String.init)
            #expect(lines.first == "scheduler: not running (start it with modelbuild schedule)")
            #expect(lines.contains("  next:     2026-11-28 02:00 UTC (in 23h)"))
            #expect(lines.contains { $0.contains(/^  last:     2026-11-27 02:00:[1-5][0-9] UTC succeeded \(run\s/) })
        }
    }

    @Test func onceExitsOneWhenABuildFailed() async throws {
        try await withTemporaryDirectory { directory in
            try project(directory, stage: "exit 3")
            let result = try await runModelbuild(["schedule", "--once"], in: directory, environment: now("2026-11-27T02:00:10Z"))
            #expect(result.status == 1)
            #expect(result.standardOutput.contains("nightly: failed at stage work (run "))
        }
    }

    @Test func daemonDrainsOnSIGTERMAndRefusesASecondOne() async throws {
        try await withTemporaryDirectory { directory in
            let gate = directory.appendingPathComponent("release").path
            let started = directory.appendingPathComponent("started").path
            try project(
                directory,
                stage: "touch '\(started)'; while [ ! -e '\(gate)' ]; do sleep 0.05; done; touch '\(directory.path)/finished'")
            let result = try await withModelbuildRunning(
                ["schedule"], in: directory, environment: now("2026-11-27T01:59:59Z")
            ) { daemon in
                try await daemon.waitForOutput(containing: "nightly: fired: scheduled for 2026-11-27 02:00 UTC")
                let second = try await runModelbuild(["schedule"], in: directory)
                #expect(second.status == 1)
                #expect(second.standardError.contains("another modelbuild scheduler (pid \(daemon.pid) on "))
                let status = try await runModelbuild(["schedule", "--status"], in: directory)
                #expect(status.standardOutput.hasPrefix("scheduler: running (pid \(daemon.pid) on "))
                let giveUp = Date().addingTimeInterval(120)
                while !FileManager.default.fileExists(atPath: started), Date() < giveUp {
                    try await Task.sleep(for: .milliseconds(20))
                }
                daemon.send(SIGTERM)
                try await daemon.waitForOutput(containing: "stopping: no new builds; letting nightly finish (at most 30m)")
                #expect(FileManager.default.createFile(atPath: gate, contents: nil))
            }
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardOutput.contains(" nightly: succeeded (run "))
            #expect(result.standardOutput.hasSuffix(" scheduler stopped\n"))
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("finished").path))
        }
    }

    @Test func daemonRereadsBuildsYamlOnSIGHUPAndKeepsRunningWhenItIsBroken() async throws {
        try await withTemporaryDirectory { directory in
            try project(directory)
            let config = directory.appendingPathComponent("builds.yaml")
            let result = try await withModelbuildRunning(
                ["schedule"], in: directory, environment: now("2026-11-27T01:00:00Z")
            ) { daemon in
                try await daemon.waitForOutput(containing: "scheduler started for nightly, paris")
                let text = try String(contentsOf: config, encoding: .utf8)
                try (text + "\n  weekly: {schedule: \"@weekly\"}\n").write(to: config, atomically: true, encoding: .utf8)
                daemon.send(SIGHUP)
                try await daemon.waitForOutput(
                    containing: "builds.yaml changed; scheduling nightly, paris, weekly (added weekly)")
                try "version: 1\nbuilds: [unclosed\n".write(to: config, atomically: true, encoding: .utf8)
                daemon.send(SIGHUP)
                try await daemon.waitForOutput(
                    containing: "builds.yaml changed but does not load; keeping the schedules it had until it is fixed:\n  builds.yaml:")
                daemon.send(SIGTERM)
            }
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardOutput.hasSuffix(" scheduler stopped\n"))
        }
    }

    @Test func usageErrors() async throws {
        try await withTemporaryDirectory { directory in
            try project(directory)
            let both = try await runModelbuild(["schedule", "--once", "--status"], in: directory)
            #expect(both.status == 2)
            #expect(both.standardError.contains("--once, --next and --status go one at a time"))
            let count = try await runModelbuild(["schedule", "3"], in: directory)
            #expect(count.status == 2)
            let timeout = try await runModelbuild(["schedule", "--drain-timeout", "soon"], in: directory)
            #expect(timeout.status == 2)
            let clock = try await runModelbuild(["schedule", "--once"], in: directory, environment: now("tomorrow"))
            #expect(clock.status == 2)
            #expect(clock.standardError.contains("MODELBUILD_SCHEDULE_NOW=tomorrow is not an ISO 8601 instant"))
        }
    }
}
