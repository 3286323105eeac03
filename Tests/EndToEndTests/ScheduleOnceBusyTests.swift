import Foundation
import TestSupport
import Testing

/// `schedule --once` from cron while the previous pass still builds: not an error mail.
@Suite struct ScheduleOnceBusyTests {
    @Test func onceFindingAnotherPassRunningExitsZeroInOneLine() async throws {
        try await withTemporaryDirectory { directory in
            let started = directory.appendingPathComponent("started").path
            let gate = directory.appendingPathComponent("release").path
            try """
                version: 1
                model: {name: lab-model}
                stages:
                  train: {run: [sh, -c, "touch '\(started)'; while [ ! -e '\(gate)' ]; do sleep 0.05; done"]}
                builds:
                  nightly: {schedule: "0 2 * * *"}
                """.write(to: directory.appendingPathComponent("builds.yaml"), atomically: true, encoding: .utf8)
            let environment = ["MODELBUILD_SCHEDULE_NOW": "2026-11-27T02:00:10Z"]
            let first = try await withModelbuildRunning(["schedule", "--once"], in: directory, environment: environment) {
                pass in
                try await waitUntil { FileManager.default.fileExists(atPath: started) }
                let second = try await runModelbuild(["schedule", "--once"], in: directory, environment: environment)
                #expect(second.status == 0, "\(second.standardOutput)\(second.standardError)")
                #expect(second.standardError.isEmpty)
                let lines = second.standardOutput.split(separator: "\n")
                #expect(lines.count == 1)
                #expect(
                    second.standardOutput.hasPrefix("another modelbuild scheduler (pid \(pass.pid) on ")
                        && second.standardOutput.hasSuffix("is running; this pass has nothing to do\n"),
                    "\(second.standardOutput)")
                #expect(FileManager.default.createFile(atPath: gate, contents: nil))
            }
            #expect(first.status == 0, "\(first.standardError)")
        }
    }
}
