import ExecutorTestKit
import Foundation
import Runner
import TestSupport
import Testing

/// How the local executor finds and starts a stage's program through the launcher.
@Suite struct LocalExecutorLaunchTests {
    /// A name not on PATH is not found, even when the work directory holds a program of that
    /// name: a shell would not run it either.
    @Test func aNameNotOnThePathIsNotRunFromTheWorkDirectory() async throws {
        try await withTemporaryDirectory { directory in
            let executor = LocalExecutor(gracePeriod: .milliseconds(300), hostEnvironment: ["PATH": "/usr/bin:/bin"])
            let attempt = try makeAttempt(in: directory, command: ["only-here"])
            let script = attempt.workDirectory + "/only-here"
            try "#!/bin/sh\ntouch ran\n".write(toFile: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
            guard case .lost(let reason, let retryable) = await executor.run(attempt, report: { _ in }) else {
                Issue.record("expected .lost")
                return
            }
            #expect(reason.contains("only-here"))
            #expect(reason.contains("searched PATH=/usr/bin:/bin"))
            #expect(!retryable)
            #expect(!FileManager.default.fileExists(atPath: attempt.workDirectory + "/ran"))
        }
    }

    /// The stage gets only descriptors 0, 1 and 2, and stdin is /dev/null.
    @Test func theStageInheritsNoOtherDescriptors() async throws {
        try await withTemporaryDirectory { directory in
            let executor = LocalExecutor(gracePeriod: .milliseconds(300), hostEnvironment: ["PATH": "/usr/bin:/bin"])
            let attempt = try makeAttempt(
                in: directory, command: ["/bin/sh", "-c", "ls /proc/$$/fd; readlink /proc/$$/fd/0"])
            #expect(await executor.run(attempt, report: { _ in }) == .succeeded)
            #expect(fileContents(attempt.logFile) == "0\n1\n2\n/dev/null\n")
        }
    }
}
