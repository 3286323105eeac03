import Foundation
import ExecutorTestKit
import Runner
import TestSupport
import Testing

import Glibc

/// The local executor running real `/bin/sh` stages: exit statuses, logs, protocol events,
/// environment and secrets, and programs that cannot start.
@Suite struct LocalExecutorTests {
    private let executor = LocalExecutor(
        gracePeriod: .milliseconds(300),
        hostEnvironment: [
            "PATH": "/usr/bin:/bin", "HOME": "/tmp", "NOT_ALLOWED": "leaked",
            "API_TOKEN": "tok-9f8e7d6c",
        ])

    private func shell(_ script: String) -> [String] { ["/bin/sh", "-c", script] }

    @Test(arguments: [
        ("exit 0", AttemptOutcome.succeeded),
        ("exit 3", .failed(exitStatus: 3)),
        ("false", .failed(exitStatus: 1)),
        ("kill -9 $$", .signalled(SIGKILL)),
        ("kill -SEGV $$", .signalled(SIGSEGV)),
    ])
    func theExitStatusDecidesTheOutcome(script: String, expected: AttemptOutcome) async throws {
        try await withTemporaryDirectory { directory in
            let attempt = try makeAttempt(in: directory, command: shell(script))
            #expect(await executor.run(attempt, report: { _ in }) == expected)
        }
    }

    @Test func stdoutAndStderrGoToTheLogAndAppend() async throws {
        try await withTemporaryDirectory { directory in
            let attempt = try makeAttempt(
                in: directory,
                command: shell("echo out line; echo err line >&2; printf 'no newline'"))
            #expect(await executor.run(attempt, report: { _ in }) == .succeeded)
            #expect(await executor.run(attempt, report: { _ in }) == .succeeded)
            let lines = fileContents(attempt.logFile).split(
                separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.filter { $0 == "out line" }.count == 2)
            #expect(lines.filter { $0 == "err line" }.count == 2)
            #expect(lines.filter { $0 == "no newline" }.count == 2)
            #expect(lines.last == "")
        }
    }

    @Test func aLargeOutputReachesTheLogWhole() async throws {
        try await withTemporaryDirectory { directory in
            let attempt = try makeAttempt(in: directory, command: shell("seq 1 200000"))
            #expect(await executor.run(attempt, report: { _ in }) == .succeeded)
            let lines = fileContents(attempt.logFile).split(separator: "\n")
            #expect(lines.count == 200_000)
            #expect(lines.first == "1")
            #expect(lines.last == "200000")
        }
    }

    @Test func startedThenProgressAndMetricsAreReportedAsTheyArrive() async throws {
        try await withTemporaryDirectory { directory in
            let script = """
                echo "::progress 0.25 reading"
                echo "::metric loss=1.5"
                echo "::progress 2 not a fraction"
                echo "::metric f1=0.5" >&2
                echo "::progress 1 done"
                echo $$ > pid
                """
            let attempt = try makeAttempt(in: directory, command: shell(script))
            let recorder = EventRecorder()
            #expect(await executor.run(attempt, report: recorder.report) == .succeeded)
            let pid = fileContents(attempt.workDirectory + "/pid").trimmingCharacters(
                in: .whitespacesAndNewlines)
            #expect(
                recorder.events == [
                    .started(host: LocalExecutor.currentHostName(), handle: pid),
                    .progress(fraction: 0.25, message: "reading"),
                    .metric(name: "loss", value: 1.5),
                    .progress(fraction: 1, message: "done"),
                ])
            let log = fileContents(attempt.logFile)
            #expect(log.contains("::progress 0.25 reading\n"))
            #expect(log.contains("::progress 2 not a fraction\n"))
            #expect(log.contains("::metric f1=0.5\n"))
        }
    }

    @Test func theStageSeesOnlyTheAllowlistAndItsContextInItsWorkDirectory() async throws {
        try await withTemporaryDirectory { directory in
            let attempt = try makeAttempt(
                in: directory, command: shell("env > env.txt; pwd -P > pwd.txt"))
            #expect(await executor.run(attempt, report: { _ in }) == .succeeded)
            let variables = Set(
                fileContents(attempt.workDirectory + "/env.txt").split(separator: "\n").map(
                    String.init))
            #expect(variables.contains("MODELBUILD_CONTEXT=\(attempt.contextFile)"))
            #expect(variables.contains("HOME=/tmp"))
            #expect(
                !variables.contains { $0.hasPrefix("NOT_ALLOWED=") || $0.hasPrefix("API_TOKEN=") })
            let workDirectory = URL(fileURLWithPath: attempt.workDirectory)
                .resolvingSymlinksInPath().path
            #expect(fileContents(attempt.workDirectory + "/pwd.txt") == workDirectory + "\n")
        }
    }

    @Test func eachAttemptRunsInANewSessionAndProcessGroup() async throws {
        try await withTemporaryDirectory { directory in
            // Fields 5 and 6 of /proc/<pid>/stat are the process group and the session.
            let attempt = try makeAttempt(
                in: directory, command: shell("echo $$ $(cut -d' ' -f5,6 /proc/$$/stat) > ids"))
            #expect(await executor.run(attempt, report: { _ in }) == .succeeded)
            let ids = fileContents(attempt.workDirectory + "/ids").split(
                whereSeparator: \.isWhitespace)
            #expect(ids.count == 3)
            #expect(Set(ids).count == 1)
        }
    }

    @Test func aSecretReachesTheStageButNeverItsLogOrEvents() async throws {
        try await withTemporaryDirectory { directory in
            // The value also arrives split over two writes, so over two pipe reads.
            let script = """
                printf '%s' "$API_TOKEN" > seen
                echo "token is $API_TOKEN"
                echo "::progress 0.5 using $API_TOKEN"
                printf 'split tok-9f8'; sleep 0.1; printf 'e7d6c here\\n'
                echo "stderr $API_TOKEN" >&2
                printf 'tail %s' "$API_TOKEN"
                """
            let attempt = try makeAttempt(
                in: directory, command: shell(script), secrets: ["API_TOKEN"])
            let recorder = EventRecorder()
            #expect(await executor.run(attempt, report: recorder.report) == .succeeded)
            #expect(fileContents(attempt.workDirectory + "/seen") == "tok-9f8e7d6c")
            let log = fileContents(attempt.logFile)
            #expect(!log.contains("tok-9f8e7d6c"))
            #expect(!log.contains("9f8"))
            #expect(log.contains("token is ***\n"))
            #expect(log.contains("split *** here\n"))
            #expect(log.contains("stderr ***\n"))
            #expect(log.contains("tail ***\n"))
            #expect(recorder.events.contains(.progress(fraction: 0.5, message: "using ***")))
        }
    }

    @Test func aMissingSecretFailsTheAttemptBeforeItStarts() async throws {
        try await withTemporaryDirectory { directory in
            let attempt = try makeAttempt(
                in: directory, command: shell("touch started"), secrets: ["API_TOKEN", "HF_TOKEN"])
            let recorder = EventRecorder()
            let outcome = await executor.run(attempt, report: recorder.report)
            guard case .lost(let reason, let retryable) = outcome else {
                Issue.record("expected .lost, got \(outcome)")
                return
            }
            #expect(reason.contains("HF_TOKEN"))
            #expect(!retryable)
            #expect(recorder.events.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: attempt.workDirectory + "/started"))
        }
    }

    @Test func aProgramThatDoesNotExistIsLostNamingTheProgram() async throws {
        try await withTemporaryDirectory { directory in
            for program in ["modelbuild-no-such-program", directory.path + "/missing/stage"] {
                let attempt = try makeAttempt(in: directory, command: [program, "--flag"])
                let outcome = await executor.run(attempt, report: { _ in })
                guard case .lost(let reason, let retryable) = outcome else {
                    Issue.record("expected .lost for \(program), got \(outcome)")
                    continue
                }
                #expect(reason.contains(program))
                #expect(!retryable)
            }
        }
    }

    @Test func aProgramThatIsNotExecutableIsLost() async throws {
        try await withTemporaryDirectory { directory in
            let script = directory.appendingPathComponent("stage.sh")
            try "#!/bin/sh\nexit 0\n".write(to: script, atomically: true, encoding: .utf8)
            let attempt = try makeAttempt(in: directory, command: [script.path])
            let outcome = await executor.run(attempt, report: { _ in })
            guard case .lost(let reason, let retryable) = outcome else {
                Issue.record("expected .lost, got \(outcome)")
                return
            }
            #expect(reason.contains(script.path))
            #expect(!retryable)
        }
    }

    @Test func aRelativeProgramPathIsResolvedInTheWorkDirectory() async throws {
        try await withTemporaryDirectory { directory in
            let attempt = try makeAttempt(in: directory, command: ["./stage.sh", "hello"])
            let script = attempt.workDirectory + "/stage.sh"
            try "#!/bin/sh\necho \"arg $1\"\n".write(
                toFile: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
            #expect(await executor.run(attempt, report: { _ in }) == .succeeded)
            #expect(fileContents(attempt.logFile) == "arg hello\n")
        }
    }

    @Test func anEmptyCommandIsLost() async throws {
        try await withTemporaryDirectory { directory in
            let attempt = try makeAttempt(in: directory, command: [])
            guard case .lost(_, let retryable) = await executor.run(attempt, report: { _ in })
            else {
                Issue.record("expected .lost")
                return
            }
            #expect(!retryable)
        }
    }

    @Test func aSilentStageLeavesNoLogFile() async throws {
        try await withTemporaryDirectory { directory in
            let attempt = try makeAttempt(in: directory, command: ["true"])
            #expect(await executor.run(attempt, report: { _ in }) == .succeeded)
            #expect(!FileManager.default.fileExists(atPath: attempt.logFile))
            #expect(!FileManager.default.fileExists(atPath: directory.path + "/logs"))
        }
    }

    /// A name without a slash runs the first executable regular file of that name on the
    /// stage's PATH, as a shell would: a directory or a non-executable file of that name
    /// earlier on the PATH is passed over, and so is a relative PATH entry.
    @Test func aProgramNameIsFoundOnTheStagesPath() async throws {
        try await withTemporaryDirectory { directory in
            let folders = ["dir", "plain", "real", "later"].map { directory.path + "/" + $0 }
            for folder in folders {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            try FileManager.default.createDirectory(atPath: folders[0] + "/tool", withIntermediateDirectories: true)
            try "#!/bin/sh\necho plain\n".write(toFile: folders[1] + "/tool", atomically: true, encoding: .utf8)
            for (folder, word) in [(folders[2], "real"), (folders[3], "later")] {
                try "#!/bin/sh\necho \(word) \"$@\"\n".write(toFile: folder + "/tool", atomically: true, encoding: .utf8)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder + "/tool")
            }
            let searchPath = (["relative"] + folders + ["/usr/bin:/bin"]).joined(separator: ":")
            let executor = LocalExecutor(gracePeriod: .milliseconds(300), hostEnvironment: ["PATH": searchPath])
            let attempt = try makeAttempt(in: directory, command: ["tool", "x"])
            #expect(await executor.run(attempt, report: { _ in }) == .succeeded)
            #expect(fileContents(attempt.logFile) == "real x\n")
        }
    }
}
