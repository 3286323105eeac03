import Foundation
import TestSupport
import Testing

import Glibc

/// Ctrl-C while a stage uses its grace period: modelbuild says what it waits for and for
/// how long, and a second Ctrl-C kills the stage at once instead of waiting it out.
@Suite struct SecondInterruptTests {
    @Test func theFirstCtrlCSaysWhatItWaitsForAndTheSecondKillsAtOnce() async throws {
        try await withBuildProject { project in
            let ready = project.directory.appendingPathComponent("ready").path
            let stubborn = try project.writeScript(
                "stubborn.sh",
                """
                trap 'echo checkpointing' TERM
                touch "\(ready)"
                while :; do sleep 0.1; done
                """)
            try project.writeConfig(
                """
                version: 1
                model: {name: lab-model}
                stages:
                  train: {run: [sh, "\(stubborn)"], grace: 20m}
                builds:
                  nightly: {}
                """)
            let clock = ContinuousClock()
            var secondSentAt = clock.now
            let result = try await runModelbuild(["build", "nightly", "--no-publish"], in: project.directory) { process in
                try await waitUntil { FileManager.default.fileExists(atPath: ready) }
                _ = try await project.waitForJournal { $0.first("job.started", job: "train") != nil }
                process.send(SIGINT)
                try await Task.sleep(for: .seconds(1))
                secondSentAt = clock.now
                process.send(SIGINT)
            }
            let waited = clock.now - secondSentAt
            #expect(result.status == 130, "\(result.standardOutput)\(result.standardError)")
            #expect(
                result.standardError.contains("stopping: waiting up to 20m for train to exit"),
                "\(result.standardError)")
            #expect(result.standardError.contains("press Ctrl-C again to kill now"))
            #expect(result.standardError.contains("killing 1 running stage now"))
            // Far below the grace period, whatever the machine's load: the stage was killed,
            // not waited out.
            #expect(waited < .seconds(600), "the second Ctrl-C took \(waited) to end the build")
        }
    }
}
